// Helpers the service tests share: commands as a service's own account, and who runs what.
import assert from 'node:assert/strict';
import type { VariantParams } from 'procform/testing';
import { shellCommand } from 'procform';

/**
 * A command line that runs `command` (a shell command) as `user` in the privileged profile, where
 * root may switch users; in the unprivileged profile every process runs as the deployer anyway.
 */
export function asUser(forceDisableUserChange: boolean, user: string, command: string): string {
  return forceDisableUserChange ? command : shellCommand(['runuser', '-u', user, '--', 'sh', '-c', command]);
}

/**
 * Every instance's main process runs as its own account (the one its constructor declares)
 * when privileged, and as `unprivileged` otherwise; instances of one service never share an account.
 */
export async function expectOwnUsers({ machine, processes, forceDisableUserChange }: VariantParams, exceptions: Record<string, string> = {}): Promise<void> {
  const statuses = await machine.status();
  const seen = new Map<string, string>();
  for (const [name, instance] of Object.entries(processes)) {
    const pid = statuses.find((status) => status.instance === name)?.pid;
    assert.ok(pid, `${name} has no PID in procform status`);
    const user = (await machine.succeed(`stat -c %U /proc/${pid}`, { user: 'root' })).trim();
    const expected = forceDisableUserChange ? 'unprivileged' : (exceptions[name] ?? instance.pkg.user ?? 'root');
    assert.equal(user, expected, `${name} (pid ${pid}) runs as ${user}`);
    if (!forceDisableUserChange && expected !== 'root') {
      assert.ok(!seen.has(user), `${name} and ${seen.get(user)} both run as ${user}`);
      seen.set(user, name);
    }
  }
}
