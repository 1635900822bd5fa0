import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readProcStat } from '../../src/process/proc-stat.ts';
import { cgroupMemberships } from '../../src/sandbox/cgroup-folders.ts';
import type { SandboxInit } from '../../src/sandbox/index.ts';
import { createSandbox, SandboxError } from '../../src/sandbox/index.ts';
import { leftoversOf, ticksNow, tracesOf, waitUntilGone } from './leftovers.ts';
import { collectOutput } from './wait-for-output.ts';

const isRoot = process.getuid?.() === 0;

// The sandbox cgroups next to ours, in every hierarchy (a failed creation returns no id to look for).
function cgroupsBelowUs(): string[] {
  const ours = cgroupMemberships(readFileSync('/proc/self/cgroup', 'utf8'), readFileSync('/proc/self/mountinfo', 'utf8'));
  return ours.flatMap(({ folder }) => readdirSync(folder).filter((entry) => entry.startsWith('procform-')));
}

function processesMentioning(text: string): string[] {
  return readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return false;
    try {
      return readFileSync(`/proc/${entry}/environ`, 'utf8').includes(text);
    } catch {
      return false;
    }
  });
}
const holder = fileURLToPath(new URL('./fixtures/hold-sandbox.mjs', import.meta.url));

interface Held {
  id: string;
  pid: number;
  cgroups: string[];
}

// Starts a creator process in its own process group (as a shell starts a foreground job), and
// returns it once its sandbox is up.
async function holdSandbox(init: SandboxInit): Promise<{ creator: ReturnType<typeof spawn>; sandbox: Held }> {
  const creator = spawn(process.execPath, [holder, 'unprivileged', init], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => {
    if (creator.exitCode === null && creator.signalCode === null) process.kill(-creator.pid!, 'SIGKILL');
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: creator.stdout! }).once('line', resolve);
    creator.once('exit', (code) => reject(new Error(`the creator exited ${code} before its sandbox was up`)));
  });
  return { creator, sandbox: JSON.parse(line) as Held };
}

describe.skipIf(!isRoot)('sandbox lifecycle: nothing is left behind', () => {
  it.each(['none', 'systemd'] as const)('after destroy (init %s)', async (init) => {
    const sandbox = await createSandbox({ profile: 'unprivileged', init, name: 'destroy' });
    // Something running in every corner: a daemon of the user, a process of root.
    await sandbox.succeed('setsid sleep 300 > /dev/null 2>&1 < /dev/null &');
    await sandbox.succeed('sleep 300 > /dev/null 2>&1 < /dev/null &', { user: 'root' });
    const traces = tracesOf(sandbox);
    expect(traces.cgroups.length).toBeGreaterThan(0);
    for (const folder of traces.cgroups) expect(folder).toMatch(new RegExp(`/procform-${sandbox.id}$`));
    const removedAt = ticksNow();
    await sandbox.destroy();
    expect(leftoversOf(traces, removedAt)).toEqual([]);
    // Idempotent, and the sandbox refuses further use.
    await sandbox.destroy();
    await expect(sandbox.exec('true')).rejects.toThrow(SandboxError);
  });

  it('after destroy right after creation, again and again', async () => {
    // destroy() may close the guard's input before the guard has started to watch it. Under load
    // that once hung the guard (bash's \`wait -n\` misses a job that ended before it was called).
    for (let round = 0; round < 5; round += 1) {
      const sandbox = await createSandbox({ profile: 'privileged', name: 'quick' });
      await sandbox.destroy();
      // (No namespaces recorded: reading them would give the guard the moment it needs.)
      expect(leftoversOf({ id: sandbox.id, cgroups: sandbox.cgroups, namespaces: [] }, ticksNow())).toEqual([]);
    }
  }, 20_000);

  it.each(['none', 'systemd'] as const)('after its creator is killed with SIGKILL (init %s)', async (init) => {
    const { creator, sandbox } = await holdSandbox(init);
    const traces = tracesOf(sandbox);
    const removedAt = ticksNow();
    process.kill(creator.pid!, 'SIGKILL');
    expect(await waitUntilGone(traces, removedAt)).toEqual([]);
  });

  it.each(['none', 'systemd'] as const)('after its guard is killed with SIGKILL, destroy does its clean-up (init %s)', async (init) => {
    const sandbox = await createSandbox({ profile: 'unprivileged', init, name: 'guard-killed' });
    await sandbox.succeed('setsid sleep 300 > /dev/null 2>&1 < /dev/null &');
    const traces = tracesOf(sandbox);
    // The guard: our child whose command line names it (its watcher, a subshell, names it too).
    const guards = processesMentioning(sandbox.id).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('procform-guard') && readProcStat(Number(pid))?.ppid === process.pid);
    expect(guards).toHaveLength(1);
    const removedAt = ticksNow();
    process.kill(Number(guards[0]), 'SIGKILL');
    await sandbox.destroy();
    // PID 1 may linger a moment as a zombie: its parent went with the cgroups, the machine's init reaps it.
    expect(await waitUntilGone(traces, removedAt)).toEqual([]);
  }, 30_000);

  it('after its creator is interrupted with Ctrl-C', async () => {
    const { creator, sandbox } = await holdSandbox('none');
    const traces = tracesOf(sandbox);
    const removedAt = ticksNow();
    // A terminal sends SIGINT to the whole foreground process group.
    process.kill(-creator.pid!, 'SIGINT');
    expect(await waitUntilGone(traces, removedAt)).toEqual([]);
  });

  it('when it is not ready in time (the guard is stopped in the middle of setting up)', async () => {
    const error = await createSandbox({ profile: 'unprivileged', name: 'too-slow', timeoutMs: 20 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as Error).message).toContain('not ready after 20 ms');
    // The guard has cleaned up by the time createSandbox rejects.
    expect(cgroupsBelowUs().filter((name) => name.startsWith('procform-too-slow-'))).toEqual([]);
    expect(processesMentioning('too-slow-')).toEqual([]);
  });

  it('when it powers itself off, and then refuses commands', async () => {
    const sandbox = await createSandbox({ profile: 'privileged', init: 'systemd', name: 'poweroff' });
    const traces = tracesOf(sandbox);
    const removedAt = ticksNow();
    await sandbox.exec('systemctl poweroff');
    expect(await waitUntilGone(traces, removedAt)).toEqual([]);
    await expect(sandbox.exec('true')).rejects.toThrow(/has stopped/);
    await sandbox.destroy();
  });

  it('two sandboxes at once do not interfere', async () => {
    const [first, second] = await Promise.all([
      createSandbox({ profile: 'privileged', name: 'twin' }),
      createSandbox({ profile: 'privileged', name: 'twin' }),
    ]);
    onTestFinished(() => first!.destroy());
    onTestFinished(() => second!.destroy());
    expect(first!.id).not.toBe(second!.id);
    await first!.succeed('echo first > /tmp/who; echo first > /etc/who; useradd twinuser');
    expect((await second!.exec('cat /tmp/who /etc/who; id twinuser')).code).not.toBe(0);
    expect(await second!.succeed('hostname')).toBe(`${second!.id}\n`);
    // Each has a loopback of its own: while one listens on a port, the other can too.
    const server = first!.spawn(['node', '-e', "require('net').createServer().listen(8080, '127.0.0.1', () => console.log('ok'))"]);
    await collectOutput(server).until('ok');
    const listenOnce = "require('net').createServer().listen(8080, '127.0.0.1', function () { console.log('ok'); this.close(); })";
    expect(await second!.succeed(['node', '-e', listenOnce])).toBe('ok\n');
    const traces = tracesOf(first!);
    const removedAt = ticksNow();
    await first!.destroy();
    expect(leftoversOf(traces, removedAt)).toEqual([]);
    expect(await second!.succeed('cat /tmp/who 2>/dev/null || echo still-fine')).toBe('still-fine\n');
  });
});
