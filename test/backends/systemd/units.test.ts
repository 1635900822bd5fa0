import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/errors.ts';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import type { ManagedProcessParams } from '../../../src/model/types.ts';
import { repoRoot, runCli } from '../../support/cli.ts';
import { expectGolden } from '../../support/golden.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { buildUnits, unitsText, withEnvironmentFiles } from './build-units.ts';

const golden = (name: string) => join(repoRoot, 'test/backends/systemd/golden', name);
const example = (file: string) => join(repoRoot, 'examples/webapps', file);
const privileged = { dirs: { stateDir: '/var' }, forceDisableUserChange: false };
const unprivileged = { dirs: { stateDir: '/home/alice/.local/state/procform' }, forceDisableUserChange: true };

/** One instance's unit text, built from inline parameters. */
async function unitOf(params: ManagedProcessParams, options: { forceDisableUserChange?: boolean } = {}): Promise<string> {
  const stateDir = join(tempDir(), 'state');
  const built = await buildUnits({
    modelFile: join(stateDir, 'processes.ts'),
    model: () => ({ web: { pkg: createManagedProcess(params) } }),
    dirs: { stateDir },
    forceDisableUserChange: options.forceDisableUserChange ?? false,
  });
  return withEnvironmentFiles(readFileSync(Object.values(built.files)[0]!, 'utf8'));
}

describe('systemd units of the webapps example (golden)', () => {
  it('processes.ts for the system manager', async () => {
    expectGolden(golden('webapps.system.units'), unitsText(await buildUnits({ modelFile: example('processes.ts'), ...privileged })));
  });

  it('processes.ts for a user manager (unprivileged)', async () => {
    expectGolden(golden('webapps.user.units'), unitsText(await buildUnits({ modelFile: example('processes.ts'), ...unprivileged })));
  });

  it('processes.ts with the webapp in daemon mode', async () => {
    const units = await buildUnits({ modelFile: example('processes.ts'), ...privileged, extraParams: { webappMode: 'daemon' } });
    expectGolden(golden('webapps-daemon.system.units'), unitsText(units));
  });

  it('processes-advanced.ts for the system manager', async () => {
    expectGolden(golden('webapps-advanced.system.units'), unitsText(await buildUnits({ modelFile: example('processes-advanced.ts'), ...privileged })));
  });
});

describe('procform build -P systemd --explain', () => {
  it('lists per instance how each feature becomes unit settings (golden)', async () => {
    const result = await runCli(['build', '-P', 'systemd', '--explain', '--state-dir', '/var', '--force-disable-user-change', example('processes.ts')]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expectGolden(golden('webapps.explain'), result.stdout);
    const kitchen = await runCli(['build', '-P', 'systemd', '--explain', '--state-dir', '/var', join(repoRoot, 'test/backends/systemd/fixtures/every-feature.ts')]);
    expect(kitchen).toMatchObject({ code: 0, stderr: '' });
    expectGolden(golden('every-feature.explain'), kitchen.stdout);
  });
});

describe('systemd lowering', () => {
  it('prefers the foreground process, and runs a daemon-only program as Type=forking with its PID file', async () => {
    const both = await unitOf({ process: '/bin/sleep', args: [60], daemonExtraArgs: ['-D'] });
    expect(both).toMatch(/^Type=exec$/m);
    expect(both).toMatch(/^ExecStart=\/bin\/sleep 60$/m);
    const daemon = await unitOf({ daemon: '/bin/sleep', daemonArgs: [60], pidFile: '/run/x 100%.pid' });
    expect(daemon).toMatch(/^Type=forking$/m);
    expect(daemon).toMatch(/^PIDFile=\/run\/x 100%%\.pid$/m);
  });

  it('runs initialize and the readiness helpers as root ("+") only when the program changes user', async () => {
    const params: ManagedProcessParams = { process: '/bin/sleep', user: 'nobody', initialize: 'mkdir -p /tmp/x', readiness: { kind: 'log', pattern: 'up' } };
    const root = await unitOf(params);
    const [prestart] = /^ExecStartPre=\+(\S+prestart)$/m.exec(root)!.slice(1);
    expect(readFileSync(prestart!, 'utf8')).toBe('#!/bin/sh -e\nmkdir -p /tmp/x\n');
    expect(root).toContain('\nExecStartPre=+/bin/sh -c "mkdir -p \\"$${2%%/*}\\" && { stat -c %%s \\"$$1\\" >\\"$$2\\" 2>/dev/null || echo 0 >\\"$$2\\"; }" mark-log ');
    expect(root).toMatch(/^ExecStartPost=\+\S+node \S+wait-ready-main\.js --log-file \S+ --log-offset-file \S+\.log-offset /m);
    expect(root).toMatch(/^User=nobody$/m);
    const user = await unitOf(params, { forceDisableUserChange: true });
    expect(user).toMatch(/^ExecStartPre=[^+]\S+prestart$/m);
    expect(user).not.toMatch(/^User=/m);
    expect(user).toMatch(/^WantedBy=default\.target$/m);
  });

  it('maps restart, backoff, stop, folders and PATH to their settings', async () => {
    const unit = await unitOf({
      process: '/bin/sleep',
      restart: { policy: 'always', backoff: { initial: '2s', maxRestarts: 3, resetAfter: '5m' } },
      stop: { signal: 'SIGINT', timeout: '1500ms' },
      directory: '/srv',
      umask: '0027',
      nice: 5,
      path: ['/opt/tool/bin'],
      user: 'daemon',
      credentials: { users: { daemon: { group: 'daemon', extraGroups: ['adm', 'staff'] } } },
    });
    for (const line of [
      'Restart=always',
      'RestartSec=2s',
      'StartLimitBurst=4',
      'StartLimitIntervalSec=300s',
      'KillSignal=SIGINT',
      'TimeoutStopSec=1500ms',
      'KillMode=control-group',
      'WorkingDirectory=/srv',
      'UMask=0027',
      'Nice=5',
      'PATH="/opt/tool/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"',
      'Group=daemon',
      'SupplementaryGroups=adm staff',
    ]) {
      expect(unit.split('\n')).toContain(line);
    }
    expect(await unitOf({ process: '/bin/sleep', stop: { timeout: 0 } })).toMatch(/^TimeoutStopSec=1ms$/m);
    const never = await unitOf({ process: '/bin/sleep', restart: 'no' });
    expect(never).toMatch(/^Restart=no$/m);
    expect(never).not.toMatch(/StartLimit|RestartSec/);
  });

  it('orders after dependencies and wants them', async () => {
    const stateDir = join(tempDir(), 'state');
    const db = createManagedProcess({ process: '/bin/sleep' });
    const built = await buildUnits({
      modelFile: join(stateDir, 'processes.ts'),
      model: () => ({ db: { pkg: db }, app: { pkg: createManagedProcess({ process: '/bin/sleep', dependencies: [db] }) } }),
      dirs: { stateDir },
    });
    const app = readFileSync(built.files['etc/systemd/system/procform-app.service']!, 'utf8');
    expect(app).toMatch(/^Wants=procform-db\.service$/m);
    expect(app).toMatch(/^After=procform-db\.service$/m);
  });

  it('merges object overrides key by key, drops keys set to null, and escapes Environment entries into a private EnvironmentFile', async () => {
    const unit = await unitOf({
      process: '/bin/sleep',
      environment: { KEEP: 'yes' },
      overrides: {
        systemd: {
          Unit: { Documentation: 'man:sleep(1)' },
          Service: { Restart: 'always', KillMode: null, Environment: { EXTRA: 'a "b" 100%' }, ExecStartPre: ['-/bin/true', '/bin/true'] },
          Install: { WantedBy: null },
          'X-Procform': { Note: 'kept' },
        },
      },
    });
    expect(unit).toMatch(/^Documentation=man:sleep\(1\)$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).not.toMatch(/KillMode|\[Install\]/);
    // Environment= would show the values to every user (systemctl show): they go into a file only root reads.
    expect(unit).toMatch(/^EnvironmentFile=\/\S+-web-environment$/m);
    expect(unit).not.toMatch(/^Environment=/m);
    expect(unit).toMatch(/^KEEP="yes"\nEXTRA="a \\"b\\" 100%"$/m);
    const file = /^EnvironmentFile=(\S+)$/m.exec(unit)![1]!;
    expect(statSync(file).mode & 0o777).toBe(0o400);
    expect(unit).toMatch(/^ExecStartPre=-\/bin\/true\nExecStartPre=\/bin\/true$/m);
    expect(unit).toContain('[X-Procform]\nNote=kept\n');
  });

  it('rejects override values it cannot write, and names that make no unit name', async () => {
    await expect(unitOf({ process: '/bin/sleep', overrides: { systemd: { Service: { ExecStart: 'a\nb' } } } })).rejects.toThrow(
      /field "pkg.overrides.systemd.Service.ExecStart": contains a line break/,
    );
    await expect(unitOf({ process: '/bin/sleep', overrides: { systemd: { Service: { Nested: { deep: {} } } } } })).rejects.toThrow(
      /field "pkg.overrides.systemd.Service.Nested.deep": must be a string, number or boolean/,
    );
    await expect(unitOf({ process: '/bin/sleep', environment: { A: 'a\0b' } })).rejects.toThrow(/field "pkg.environment.A": contains a NUL character/);
    await expect(unitOf({ name: 'web+1', process: '/bin/sleep' })).rejects.toThrow(ModelError);
    await expect(unitOf({ name: 'web+1', process: '/bin/sleep' })).rejects.toThrow(/"web\+1" does not make a valid systemd unit name/);
  });
});
