import { spawn } from 'node:child_process';
import { scriptEnvironment } from './script-environment.ts';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end and collects its output, in the environment of scripts procform runs:
 * for process managers' command-line tools (s6-rc, s6-svc, sv). Never throws for a failing
 * program: callers read the exit code; only a program that cannot be started at all throws.
 */
export function runCommand(file: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env ?? scriptEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      // Something the program started (a daemon) may hold its output open: read what is there, then stop waiting.
      const timer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ code, stdout, stderr });
      }, 1000);
      child.once('close', () => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  });
}
