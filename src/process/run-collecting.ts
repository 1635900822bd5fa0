import { spawn } from 'node:child_process';
import { signalGroup } from './process-group.ts';
import { scriptEnvironment } from './script-environment.ts';

export interface CollectedRun {
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  /** The command was killed at its deadline. */
  timedOut: boolean;
}

export interface CollectingOptions {
  /** Show the output rather than collect it. */
  inherit?: boolean;
  env?: NodeJS.ProcessEnv;
  /** A session and process group of its own (always so with a deadline). */
  detached?: boolean;
  /**
   * How long the command may take; then its process group is killed and it counts as failed. A
   * script blocks on what it starts (start-stop-daemon waits for a program that was to detach), so
   * nothing waits for one without a deadline. With a deadline the command gets a process group of
   * its own, so that the kill reaches whatever it started in it (a daemon leaves it with setsid,
   * and is not ours to kill).
   */
  timeoutMs?: number;
}

/**
 * Runs a service-controlling command (an init script activity, rc-service) in the standard script
 * environment and collects its output, or shows it with `inherit`. Daemons it starts may keep its
 * output open: once it has exited, what is there is read and waiting stops.
 */
export function runCollecting(command: string, args: readonly string[], options: CollectingOptions = {}): Promise<CollectedRun> {
  return new Promise((resolve, reject) => {
    const ownGroup = (options.detached ?? false) || (options.timeoutMs !== undefined && !options.inherit);
    const child = spawn(command, args, { env: { ...scriptEnvironment(), ...options.env }, stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'], detached: ownGroup });
    let output = '';
    let timedOut = false;
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const deadline =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            output += `\nprocform: \`${[command, ...args].join(' ')}\` did not finish within ${options.timeoutMs! / 1000} s; killed it\n`;
            if (!ownGroup || child.pid === undefined || !signalGroup(child.pid, 'SIGKILL')) child.kill('SIGKILL');
          }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      const done = () => resolve({ code: timedOut ? null : code, output, timedOut });
      if (options.inherit || (child.stdout!.readableEnded && child.stderr!.readableEnded)) return done();
      const timer = setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        done();
      }, 1000);
      child.once('close', () => {
        clearTimeout(timer);
        done();
      });
    });
  });
}
