import { spawn } from 'node:child_process';
import { scriptEnvironment } from './script-environment.ts';

export interface CollectedRun {
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

/**
 * Runs a service-controlling command (an init script activity, rc-service) in the standard script
 * environment and collects its output, or shows it with `inherit`. Daemons it starts may keep its
 * output open: once it has exited, what is there is read and waiting stops.
 */
export function runCollecting(command: string, args: readonly string[], options: { inherit?: boolean; env?: NodeJS.ProcessEnv; detached?: boolean } = {}): Promise<CollectedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...scriptEnvironment(), ...options.env }, stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const done = () => resolve({ code, output });
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
