import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { SandboxError } from './errors.ts';
import { guardScript } from './guard-script.ts';
import { removeCgroups } from './remove-cgroups.ts';
import { DEFAULT_PATH } from '../process/search-path.ts';

/** What the guard reported once the sandbox was up. */
export interface GuardReady {
  pid1: number;
  uid: number | undefined;
  gid: number | undefined;
}

const stderrLimit = 16_384;

/**
 * The host-side owner of one sandbox (see guard-script.ts). Wraps the guard process: waits for
 * `ready`, notices when the sandbox ends by itself, and asks for removal by closing the guard's
 * standard input, which is also what happens when this process dies.
 */
export class Guard {
  readonly process: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Set when the sandbox's PID 1 ended without being asked to (`exited STATUS`). */
  exitStatus: number | undefined;
  private readonly cgroups: readonly string[];
  private readonly leftovers: string[] = [];
  private stderr = '';
  private readonly closed: Promise<void>;
  /** The guard's exit: a signal when it was killed, since it always ends itself with `exit`. */
  private readonly exited: Promise<NodeJS.Signals | null>;
  private stopping: Promise<string[]> | undefined;
  private onLine: ((word: string, fields: string[]) => void) | undefined;

  constructor(cgroups: readonly string[], launch: readonly string[]) {
    this.cgroups = cgroups;
    // detached: its own session and process group, out of reach of a terminal's Ctrl-C.
    this.process = spawn('bash', ['-c', guardScript, 'procform-guard', ...launch], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: DEFAULT_PATH, PROCFORM_CGROUPS: cgroups.join('\n') },
    });
    this.process.stderr.setEncoding('utf8');
    this.process.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-stderrLimit);
    });
    // An error on stdin only means the guard is gone; 'close' below reports that.
    this.process.stdin.on('error', () => {});
    this.closed = new Promise((resolve) => this.process.on('close', () => resolve()));
    this.exited = new Promise((resolve) => this.process.on('exit', (_code, signal) => resolve(signal)));
    createInterface({ input: this.process.stdout }).on('line', (line) => {
      const [word, ...fields] = line.split(' ');
      if (word === 'exited') this.exitStatus = Number(fields[0]);
      else if (word === 'leftover') this.leftovers.push(fields.join(' '));
      else this.onLine?.(word!, fields);
    });
  }

  /** Resolves once the sandbox is up; rejects (after the guard has cleaned up) if it cannot be. */
  ready(timeoutMs: number): Promise<GuardReady> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = async (why: string): Promise<void> => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // A set-up that hangs never says ready or failed: SIGTERM makes the guard clean up anyway.
        this.process.kill('SIGTERM');
        await this.stop();
        reject(
          new SandboxError(`could not create the sandbox: ${why}${this.stderrTail()}`, {
            hint: 'Sandboxes need root, util-linux (unshare, nsenter, setpriv), iproute2 and overlayfs; see docs/sandbox.md.',
          }),
        );
      };
      const timer = setTimeout(() => void fail(`not ready after ${timeoutMs} ms`), timeoutMs);
      this.onLine = (word, fields) => {
        if (word === 'failed') void fail('setting it up failed');
        if (word !== 'ready' || settled) return;
        settled = true;
        clearTimeout(timer);
        const [pid1, uid, gid] = fields.map((field) => (field === '' ? undefined : Number(field)));
        resolve({ pid1: pid1!, uid, gid });
      };
      this.process.on('error', (error) => void fail(error.message));
      void this.closed.then(() => fail('its guard ended'));
    });
  }

  /**
   * Lets the creator exit without waiting for the sandbox: the guard then sees end of file on its
   * standard input and removes everything.
   */
  detach(): void {
    this.process.unref();
    for (const stream of [this.process.stdin, this.process.stdout, this.process.stderr]) {
      (stream as unknown as { unref?: () => void }).unref?.();
    }
  }

  /** Asks the guard to remove the sandbox and waits until it has; returns cgroup folders it could not remove. */
  stop(): Promise<string[]> {
    this.stopping ??= (async () => {
      this.process.ref();
      for (const stream of [this.process.stdout, this.process.stderr]) {
        (stream as unknown as { ref?: () => void }).ref?.();
      }
      this.process.stdin.end();
      if ((await this.exited) !== null) {
        // Killed: the sandbox may run on, holding the guard's standard error (so 'close' would
        // never come), and its cgroups are left. Do the guard's clean-up from here.
        const left = await removeCgroups(this.cgroups);
        await this.closed;
        return left;
      }
      await this.closed;
      return [...this.leftovers];
    })();
    return this.stopping;
  }

  /** Whether the guard is still running (the sandbox may be up). */
  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  stderrTail(): string {
    const text = this.stderr.replace(/^unshare: sigprocmask unblock failed: Invalid argument\n/gm, '').trim();
    return text ? `\n${text}` : '';
  }
}
