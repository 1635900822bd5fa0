import { join } from 'node:path';
import { ProcformError } from '../../../errors.ts';

/** Where the supervisor of one deployment keeps its control files: a 0700 folder in runtimeDir. */
export interface ControlPaths {
  dir: string;
  socket: string;
  /** "PID START_TIME" of the running supervisor: its lock. */
  pidFile: string;
  /** Process groups of the running children, for cleaning up after a supervisor that was killed. */
  record: string;
}

// Unix socket paths are limited to 107 bytes on Linux (sun_path is 108 with the NUL).
const maxSocketPath = 107;

export function controlPaths(runtimeDir: string): ControlPaths {
  const dir = join(runtimeDir, 'procform-builtin');
  const paths = { dir, socket: join(dir, 'control.sock'), pidFile: join(dir, 'supervisor.pid'), record: join(dir, 'children.json') };
  if (Buffer.byteLength(paths.socket) > maxSocketPath) {
    throw new ProcformError(`the supervisor's control socket path is too long for a Unix socket (${Buffer.byteLength(paths.socket)} > ${maxSocketPath} bytes): ${paths.socket}`, {
      hint: 'Use a shorter runtime folder (--runtime-dir).',
    });
  }
  return paths;
}

/** The supervisor's own log, beside the instances' logs. */
export function supervisorLogFile(logDir: string): string {
  return join(logDir, 'procform-builtin.log');
}
