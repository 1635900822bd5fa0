// Runs the deployment's supervisord when none answers on its socket: in the background for the
// driver, in the foreground for `procform supervisord`. Both use the stable configuration in the
// deployment's lib folder, whose includes the driver keeps up to date, so a supervisord started
// either way serves every later switch.
import { spawn } from 'node:child_process';
import { chmod, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeploymentDirs } from '../../model/types.ts';
import { hostProgram } from '../../target/resolve-tool.ts';
import { explainExit } from '../../process/exit-reason.ts';
import { DEFAULT_PATH } from '../../process/search-path.ts';
import { baseConfig } from './base-config.ts';
import { SupervisordError } from './errors.ts';
import { stopLeftoverProcesses } from './leftover-processes.ts';
import type { SupervisordPaths } from './paths.ts';
import { checkedSocketPath, supervisordPaths } from './paths.ts';
import type { SupervisorApi } from './supervisor-api.ts';
import { supervisorApi } from './supervisor-api.ts';
import { SupervisordUnreachable } from './supervisor-rpc.ts';

const startTimeoutMs = 20_000;

/** The running supervisord's PID, or null when none answers on the deployment's socket. */
export async function runningSupervisord(api: SupervisorApi): Promise<number | null> {
  try {
    return await api.getPid(5000);
  } catch (error) {
    if (error instanceof SupervisordUnreachable) return null;
    throw error;
  }
}

/**
 * Makes the stable folder ready for a supervisord: the base configuration, conf.d/, a private
 * runtime folder; and stops what a supervisord that was killed left running, so that the new one
 * starts from a clean slate.
 */
export async function prepareSupervisord(dirs: DeploymentDirs): Promise<SupervisordPaths> {
  const paths = supervisordPaths(dirs);
  const socket = checkedSocketPath(paths);
  await mkdir(paths.programsDir, { recursive: true });
  await mkdir(dirs.logDir, { recursive: true });
  await mkdir(paths.runtimeDir, { recursive: true, mode: 0o700 });
  await chmod(paths.runtimeDir, 0o700);
  await writeFile(`${paths.configFile}.tmp`, baseConfig(dirs));
  await rename(`${paths.configFile}.tmp`, paths.configFile);
  await stopLeftoverProcesses(socket);
  return paths;
}

/** The command line that runs the deployment's supervisord in the foreground, and its environment. */
export function supervisordCommand(paths: SupervisordPaths): { argv: string[]; env: NodeJS.ProcessEnv } {
  const supervisord = hostProgram('supervisord', { neededBy: '-P supervisord', install: 'apt-get install supervisor' }, SupervisordError, { onPath: true });
  return { argv: [supervisord, '--nodaemon', '--configuration', paths.configFile], env: supervisordEnvironment() };
}

/**
 * Programs inherit supervisord's environment, so it is kept to who runs it (HOME, USER, …) and a
 * fixed PATH and UTF-8 locale (supervisord reads its configuration in the locale's encoding).
 */
function supervisordEnvironment(): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(['HOME', 'USER', 'LOGNAME', 'TZ'].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])));
  return { ...kept, PATH: DEFAULT_PATH, LANG: 'C.UTF-8' };
}

/** Starts supervisord in the background and waits until it answers; its PID is noted as started by the driver. */
export async function startSupervisord(dirs: DeploymentDirs): Promise<{ api: SupervisorApi; pid: number }> {
  const paths = await prepareSupervisord(dirs);
  const api = supervisorApi(paths.socket);
  const { argv, env } = supervisordCommand(paths);
  const output = await open(paths.startupLog, 'w');
  const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', output.fd, output.fd], cwd: '/', env });
  await output.close();
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(explainExit(code, signal)));
    child.once('error', (error) => resolve(`could not start: ${error.message}`));
  });
  child.unref();
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const outcome = await Promise.race([exited, sleep(50).then(() => null)]);
    if (outcome !== null) {
      const log = (await readFile(paths.startupLog, 'utf8').catch(() => '')).trim();
      throw new SupervisordError(`supervisord ${outcome}${log ? `:\n${log}` : ''}`, { hint: `Its configuration is ${paths.configFile}; its log ${paths.logFile}.` });
    }
    const pid = await runningSupervisord(api);
    if (pid !== null) {
      await writeFile(paths.startedByDriver, `${pid}\n`);
      return { api, pid };
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new SupervisordError(`supervisord did not answer on ${paths.socket} within ${startTimeoutMs / 1000} s`, { hint: `See ${paths.startupLog} and ${paths.logFile}.` });
    }
  }
}
