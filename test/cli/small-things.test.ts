// What a newcomer meets first: --version, commands on an empty deployment, an unknown instance.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { repoRoot, runCli, runCliIn, statusesIn } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('the command line', () => {
  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await runCli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('status and down agree on a deployment with nothing in it: never deployed, or after down', async () => {
    const dir = tempDir();
    const stateDir = join(dir, 'state');
    const nothing = `nothing is deployed in ${stateDir} (profile "processes")`;
    expect(await runCliIn(stateDir, ['status'])).toEqual({ code: 0, stdout: '', stderr: `${nothing}\n` });
    expect(await runCliIn(stateDir, ['status', '--json'])).toEqual({ code: 0, stdout: '[]\n', stderr: `${nothing}\n` });
    expect(await runCliIn(stateDir, ['down'])).toEqual({ code: 0, stdout: '', stderr: `${nothing}; nothing to stop\n` });

    const model = join(dir, 'processes.ts');
    writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: ['600'] }) } }));\n");
    onTestFinished(async () => void (await runCliIn(stateDir, ['down'])));
    expect((await runCliIn(stateDir, ['switch', model, '--force-disable-user-change'])).code).toBe(0);
    expect((await runCliIn(stateDir, ['down'])).code).toBe(0);
    expect(await runCliIn(stateDir, ['status'])).toEqual({ code: 0, stdout: '', stderr: `${nothing}\n` });
    expect(await runCliIn(stateDir, ['status', '--json'])).toEqual({ code: 0, stdout: '[]\n', stderr: `${nothing}\n` });
    const again = await runCliIn(stateDir, ['down']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 stopped');
  });

  it('restart and logs word an unknown instance the same way', async () => {
    const dir = tempDir();
    const stateDir = join(dir, 'state');
    const model = join(dir, 'processes.ts');
    writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: ['600'] }) } }));\n");
    onTestFinished(async () => void (await runCliIn(stateDir, ['down'])));
    expect((await runCliIn(stateDir, ['switch', model, '--force-disable-user-change'])).code).toBe(0);
    const unknown = 'error: the deployment has no instance "nope"\nhint: Its instances: sleeper.\n';
    expect(await runCliIn(stateDir, ['restart', 'nope'])).toEqual({ code: 1, stdout: '', stderr: unknown });
    expect(await runCliIn(stateDir, ['logs', 'nope'])).toEqual({ code: 1, stdout: '', stderr: unknown });
  });

  it('the commands that act on a deployment accept -P and refuse one that is not its process manager, changing nothing', async () => {
    const dir = tempDir();
    const stateDir = join(dir, 'state');
    const model = join(dir, 'processes.ts');
    writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: ['600'] }) } }));\n");
    onTestFinished(async () => void (await runCliIn(stateDir, ['down'])));
    expect((await runCliIn(stateDir, ['switch', model, '-P', 'builtin', '--force-disable-user-change'])).code).toBe(0);
    const pid = (await statusesIn(stateDir)).sleeper?.pid;
    expect(pid).toBeGreaterThan(0);

    const refused = (flag: string) =>
      `error: ${flag}: the deployment in ${stateDir} (profile "processes") runs under builtin, not supervisord; nothing was done\n` +
      'hint: Leave out -P (the deployment knows its process manager) or give -P builtin; to move the deployment to supervisord: procform switch -P supervisord. Another deployment: --state-dir, --profile.\n';
    for (const args of [['down'], ['stop', 'sleeper'], ['restart', '--all'], ['status'], ['logs', 'sleeper']]) {
      expect(await runCliIn(stateDir, [...args, '-P', 'supervisord']), args.join(' ')).toEqual({ code: 1, stdout: '', stderr: refused('-P supervisord') });
    }
    expect((await statusesIn(stateDir)).sleeper).toMatchObject({ state: 'running', pid });

    expect((await runCliIn(stateDir, ['status', '-P', 'builtin'])).code).toBe(0);
    expect((await runCliIn(stateDir, ['logs', 'sleeper', '--process-manager', 'builtin'])).code).toBe(0);
    const down = await runCliIn(stateDir, ['down', '-P', 'builtin']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toContain('1 stopped');
  });

  it('loading a model removes the jiti cache earlier versions left in ~/.cache/procform, and keeps its own', async () => {
    const dir = tempDir();
    const cacheHome = join(dir, 'cache');
    mkdirSync(join(cacheHome, 'procform', 'jiti'), { recursive: true });
    writeFileSync(join(cacheHome, 'procform', 'jiti', 'processes.abc123.mjs'), 'old');
    const model = join(dir, 'processes.ts');
    writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: ['600'] }) } }));\n");
    const built = await runCli(['build', model, '--state-dir', join(dir, 'state'), '--force-disable-user-change'], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(join(cacheHome, 'procform', 'jiti'))).toBe(false);
    expect(readdirSync(join(cacheHome, 'procform', 'transformed')).length).toBeGreaterThan(0);
  });
});
