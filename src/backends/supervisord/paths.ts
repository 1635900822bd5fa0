// Where the supervisord of a deployment keeps its files. Everything derives from the deployment's
// folders, so the driver, `procform supervisord` and the generated configuration agree without
// sharing any state but the folders themselves.
import { join } from 'node:path';
import type { DeploymentDirs } from '../../model/types.ts';
import { SupervisordError } from './errors.ts';

export interface SupervisordPaths {
  /** The stable folder supervisord runs from: supervisord.conf and conf.d/, updated by every switch. */
  configDir: string;
  configFile: string;
  /** Links to the instances' program files in the store: what the base configuration includes. */
  programsDir: string;
  /** supervisord's own stdout and stderr while it starts, for errors it reports before it logs. */
  startupLog: string;
  /** The PID of the supervisord the driver started in the background (absent for `procform supervisord`). */
  startedByDriver: string;
  /** Socket and PID file, in a 0700 folder: the socket has no authentication. */
  runtimeDir: string;
  socket: string;
  pidFile: string;
  logFile: string;
}

// Unix socket paths are limited to 107 bytes on Linux (sun_path is 108 with the NUL).
const maxSocketPath = 107;

export function supervisordPaths(dirs: Pick<DeploymentDirs, 'libDir' | 'runtimeDir' | 'logDir'>): SupervisordPaths {
  const configDir = join(dirs.libDir, 'procform', 'supervisord');
  const runtimeDir = join(dirs.runtimeDir, 'procform-supervisord');
  return {
    configDir,
    configFile: join(configDir, 'supervisord.conf'),
    programsDir: join(configDir, 'conf.d'),
    startupLog: join(configDir, 'startup.log'),
    startedByDriver: join(configDir, 'started-by-driver.pid'),
    runtimeDir,
    socket: join(runtimeDir, 'supervisord.sock'),
    pidFile: join(runtimeDir, 'supervisord.pid'),
    logFile: join(dirs.logDir, 'procform-supervisord.log'),
  };
}

/** The socket path, or an error saying how to shorten it: supervisord would fail less clearly. */
export function checkedSocketPath(paths: SupervisordPaths): string {
  if (Buffer.byteLength(paths.socket) > maxSocketPath) {
    throw new SupervisordError(
      `supervisord's socket path is too long for a Unix socket (${Buffer.byteLength(paths.socket)} > ${maxSocketPath} bytes): ${paths.socket}`,
      { hint: 'Use a shorter runtime folder (--runtime-dir).' },
    );
  }
  return paths.socket;
}

/** Where a program's output goes: one file per program in the deployment's log folder. */
export function programLogFile(logDir: string, name: string): string {
  return join(logDir, `${name}.log`);
}

/** A program's file, relative to an instance's store entry and to the profile. */
export function programFile(name: string): string {
  return `supervisord/conf.d/${name}.conf`;
}

export const BASE_CONFIG_FILE = 'supervisord/supervisord.conf';
