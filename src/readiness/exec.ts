import { spawn } from 'node:child_process';
import type { ProbeResult } from './probe.ts';
import { notReady, ready } from './probe.ts';

/** Ready when a command exits 0: the escape hatch for checks no built-in probe makes (pg_isready, redis-cli ping). */
export function probeExec(command: readonly string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const [executable, ...args] = command;
    if (executable === undefined) {
      resolve(notReady('exec: empty command'));
      return;
    }
    let output = '';
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    // Its own process group, so that a timed-out probe is killed with everything it started.
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(env && { env }) });
    const keep = (chunk: Buffer) => {
      if (output.length < 4096) output += chunk.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      finish(notReady(`${command.join(' ')} still runs after ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (error) => finish(notReady(`exec ${executable}: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) return finish(ready);
      const lastLine = output.trim().split('\n').pop() ?? '';
      finish(notReady(`${command.join(' ')} ${signal ? `was killed by ${signal}` : `exited ${code}`}${lastLine ? `: ${lastLine}` : ''}`));
    });
  });
}
