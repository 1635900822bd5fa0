import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxError } from './errors.ts';
import { DEFAULT_PATH } from '../process/search-path.ts';
import type { SandboxChild, SandboxExit } from './types.ts';

// After nsenter has exited, how long to wait for the command's output pipes to close. A command
// that leaves a background process holding them (`daemon &`) must not hang exec for ever.
const outputGraceMs = 200;

/**
 * Starts an enter command (see enter-command.ts) and wraps it as a SandboxChild. nsenter forks the
 * command and waits for it, but does not pass signals on: kill() therefore signals the command
 * itself, found as nsenter's only child. nsenter runs in a process group of its own, which the
 * command shares, so killGroup() reaches everything it started that did not leave the group.
 */
export class EnteredChild implements SandboxChild {
  readonly process: ChildProcess;
  readonly exited: Promise<SandboxExit>;

  constructor(enter: readonly string[], stdio: 'pipe' | 'inherit' | 'ignore') {
    this.process = spawn(enter[0]!, enter.slice(1), { stdio, detached: true, env: { PATH: DEFAULT_PATH } });
    this.exited = new Promise((resolve, reject) => {
      this.process.on('error', (error) =>
        reject(new SandboxError(`could not enter the sandbox: ${error.message}`, { hint: 'Is util-linux (nsenter, setpriv) installed?' })),
      );
      this.process.on('exit', (code, signal) => {
        const exit = { code, signal };
        const grace = setTimeout(() => {
          this.process.stdout?.destroy();
          this.process.stderr?.destroy();
          resolve(exit);
        }, outputGraceMs);
        this.process.on('close', () => {
          clearTimeout(grace);
          resolve(exit);
        });
      });
    });
    // A caller that never awaits `exited` must not crash the process with an unhandled rejection.
    this.exited.catch(() => {});
  }

  get stdin() {
    return this.process.stdin;
  }

  get stdout() {
    return this.process.stdout;
  }

  get stderr() {
    return this.process.stderr;
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
    const command = await this.commandPid();
    if (command === undefined) return false;
    try {
      process.kill(command, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Signals the whole process group: nsenter, the command, and what it started. */
  killGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.process.pid!, signal);
    } catch {
      // already gone
    }
  }

  // The command's host PID: nsenter's only child. Right after spawn nsenter may not have forked
  // yet, so look again for a moment.
  private async commandPid(): Promise<number | undefined> {
    const pid = this.process.pid;
    if (pid === undefined) return undefined;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (this.process.exitCode !== null || this.process.signalCode !== null) return undefined;
      try {
        const child = Number.parseInt(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8'), 10);
        if (Number.isInteger(child)) return child;
      } catch {
        return undefined;
      }
      await sleep(10);
    }
    return undefined;
  }
}
