import { spawn } from 'node:child_process';
import { signalGroup } from '../../process/process-group.ts';
import { scriptEnvironment } from '../../process/script-environment.ts';

export interface ScriptResult {
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  /** The script was killed at its deadline. */
  timedOut: boolean;
}

export interface ScriptOptions {
  /** Show the output rather than collect it. */
  inherit?: boolean;
  /**
   * How long the script may take; then its process group is killed and it counts as failed. A
   * script blocks on what it starts (start-stop-daemon waits for a program that was to detach), so
   * nothing waits for one without a deadline.
   */
  timeoutMs?: number;
}

/** Runs `script activity` and collects its output (or shows it, with `inherit`). */
export function runScript(script: string, activity: string, options: ScriptOptions = {}): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    // A process group of its own, so that the deadline reaches whatever the script started in it
    // (a daemon leaves it with setsid, and is not ours to kill).
    const child = spawn(script, [activity], { env: scriptEnvironment(), stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'], detached: !options.inherit });
    let output = '';
    let timedOut = false;
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const deadline =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            output += `\nprocform: \`${script} ${activity}\` did not finish within ${options.timeoutMs! / 1000} s; killed it\n`;
            if (child.pid === undefined || !signalGroup(child.pid, 'SIGKILL')) child.kill('SIGKILL');
          }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      // Something the script started may hold its output open: read what is there, then stop waiting.
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
