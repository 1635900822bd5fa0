import { spawn } from 'node:child_process';
import type { LogOptions } from '../../deploy/types.ts';
import type { ManagerScope } from './scope.ts';

/** A unit's output from journald, for units whose override sends it there (StandardOutput=journal). */
export function followJournal(scope: ManagerScope, unit: string, options: LogOptions, write: (line: string) => void): Promise<void> {
  const lines = Number.isFinite(options.lines) ? String(options.lines) : 'all';
  // journald keeps every line's time: --timestamps shows it exactly.
  const output = options.timestamps ? 'short-iso-precise' : 'cat';
  const args = [...(scope === 'user' ? ['--user'] : []), '--unit', unit, '--lines', lines, '--output', output, '--no-pager', '--quiet'];
  if (options.since !== undefined) args.push('--since', `@${Math.floor(options.since / 1000)}`);
  if (options.follow) args.push('--follow');
  return new Promise((resolve, reject) => {
    const child = spawn('journalctl', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) write(line);
    });
    const stop = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', stop, { once: true });
    child.once('error', reject);
    child.once('close', () => {
      options.signal?.removeEventListener('abort', stop);
      if (partial) write(partial);
      resolve();
    });
  });
}
