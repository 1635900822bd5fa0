import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { eventually } from '../support/eventually.ts';

const isRoot = process.getuid?.() === 0;

// systemd as PID 1 must never touch the host: not its cgroups (section 7.0 of the Debian notes),
// not /run/systemd/system (which turns every init script into a systemctl call).
function hostState(): { hostInit: string; ours: string; runSystemd: boolean } {
  return {
    hostInit: readFileSync('/proc/1/cgroup', 'utf8'),
    ours: readFileSync('/proc/self/cgroup', 'utf8'),
    runSystemd: existsSync('/run/systemd/system'),
  };
}

describe.skipIf(!isRoot)('a sandbox with systemd as PID 1 (privileged)', () => {
  let sandbox: Sandbox;
  const before = hostState();
  beforeAll(async () => {
    sandbox = await createSandbox({ profile: 'privileged', init: 'systemd', name: 'systemd' });
  });
  afterAll(() => sandbox?.destroy());

  it('boots to running, in its own cgroup subtree, without touching the host', async () => {
    expect(sandbox.system).toEqual({ state: 'running', failedUnits: [] });
    expect(await sandbox.succeed('cat /proc/1/comm')).toBe('systemd\n');
    expect(await sandbox.succeed('systemctl is-system-running')).toBe('running\n');
    expect(await sandbox.succeed('test -d /run/systemd/system && echo inside')).toBe('inside\n');
    // systemd's slices live below the sandbox's cgroup on the host.
    const unified = sandbox.cgroups.find((folder) => existsSync(`${folder}/cgroup.controllers`))!;
    expect(existsSync(`${unified}/init.scope`)).toBe(true);
    expect(existsSync(`${unified}/system.slice`)).toBe(true);
    expect(hostState()).toEqual(before);
  });

  it('starts none of the host\'s enabled services', async () => {
    const services = await sandbox.succeed('systemctl list-units --type=service --state=running --plain --no-legend --no-pager');
    const names = services.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[0]);
    expect(names.sort()).toEqual(['dbus.service', 'systemd-journald.service', 'systemd-logind.service']);
  });

  it('runs a transient unit', async () => {
    await sandbox.succeed(['systemd-run', '--unit=procform-transient', 'sleep', '300']);
    expect(await sandbox.succeed('systemctl is-active procform-transient')).toBe('active\n');
    await sandbox.succeed('systemctl stop procform-transient');
    expect((await sandbox.exec('systemctl is-active procform-transient')).stdout).toBe('inactive\n');
  });

  it('runs a unit written to /etc/systemd/system, with its journal', async () => {
    const unit = ['[Service]', 'ExecStart=/usr/bin/node -e "console.log(\'hello from node\'); setInterval(() => {}, 1000)"'].join('\n');
    await sandbox.succeed('cat > /etc/systemd/system/procform-written.service', { input: unit });
    await sandbox.succeed('systemctl daemon-reload && systemctl start procform-written');
    expect(await sandbox.succeed('systemctl is-active procform-written')).toBe('active\n');
    const mainPid = (await sandbox.succeed('systemctl show -p MainPID --value procform-written')).trim();
    expect(Number(mainPid)).toBeGreaterThan(1);
    await eventually(async () => (await sandbox.succeed('journalctl -u procform-written --no-pager -o cat')).includes('hello from node'), 10_000, 'the line in the journal');
    expect(existsSync('/etc/systemd/system/procform-written.service')).toBe(false);
    await sandbox.succeed('systemctl stop procform-written');
  });
});

describe.skipIf(!isRoot)('a sandbox with systemd as PID 1 (unprivileged)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ profile: 'unprivileged', init: 'systemd', name: 'systemd-user' });
  });
  afterAll(() => sandbox?.destroy());

  it('has a user manager for unprivileged: systemctl --user works', async () => {
    expect(sandbox.system?.state).toBe('running');
    expect(await sandbox.succeed('systemctl --user is-system-running')).toBe('running\n');
    const unit = ['[Service]', 'ExecStart=/bin/sleep 300'].join('\n');
    await sandbox.succeed('mkdir -p ~/.config/systemd/user && cat > ~/.config/systemd/user/procform-user.service', { input: unit });
    await sandbox.succeed('systemctl --user daemon-reload && systemctl --user start procform-user');
    expect(await sandbox.succeed('systemctl --user is-active procform-user')).toBe('active\n');
    const mainPid = (await sandbox.succeed('systemctl --user show -p MainPID --value procform-user')).trim();
    expect((await sandbox.succeed(['ps', '-o', 'uid=', '-p', mainPid])).trim()).toBe(String(sandbox.account!.uid));
    await sandbox.succeed('systemctl --user stop procform-user');
  });
});
