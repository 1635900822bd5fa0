import { spawn } from 'node:child_process';
import { scriptEnvironment } from '../../process/script-environment.ts';

export interface ScriptResult {
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

/** Runs `script activity` and collects its output (or shows it, with `inherit`). */
export function runScript(script: string, activity: string, options: { inherit?: boolean } = {}): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(script, [activity], { env: scriptEnvironment(), stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      // Something the script started may hold its output open: read what is there, then stop waiting.
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
