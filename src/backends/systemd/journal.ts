import { spawn } from 'node:child_process';
import type { LogOptions } from '../../deploy/types.ts';
import type { ManagerScope } from './scope.ts';

/** A unit's output from journald, for units whose override sends it there (StandardOutput=journal). */
export function followJournal(scope: ManagerScope, unit: string, options: LogOptions, write: (line: string) => void): Promise<void> {
  const args = [...(scope === 'user' ? ['--user'] : []), '--unit', unit, '--lines', String(options.lines), '--output', 'cat', '--no-pager', '--quiet'];
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
