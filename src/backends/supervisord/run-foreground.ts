// `procform supervisord`: the deployment's supervisord in the foreground (as upstream's
// nixproc-supervisord-deploy-stateless runs it), for containers and for watching it work. It uses
// the same stable configuration as the driver, so `procform switch` drives it while it runs.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { DeploymentDirs } from '../../model/types.ts';
import { SupervisordError } from './errors.ts';
import { supervisorApi } from './supervisor-api.ts';
import { prepareSupervisord, runningSupervisord, supervisordCommand } from './start-supervisord.ts';
import { supervisordPaths } from './paths.ts';

/** Runs supervisord until it exits (or a signal, which is passed on, stops it); resolves with its exit code. */
export async function runSupervisordInForeground(dirs: DeploymentDirs, onStart: (message: string) => void): Promise<number> {
  const running = await runningSupervisord(supervisorApi(supervisordPaths(dirs).socket));
  if (running !== null) {
    throw new SupervisordError(`the deployment's supervisord already runs (PID ${running})`, { hint: 'Stop it with `procform down`, or use it as it is.' });
  }
  const paths = await prepareSupervisord(dirs);
  const { argv, env } = supervisordCommand(paths);
  onStart(`${argv.join(' ')}`);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit', cwd: '/', env });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
