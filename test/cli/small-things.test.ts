// What a newcomer meets first: --version, commands on an empty deployment, an unknown instance.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { repoRoot, runCli, runCliIn } from '../support/cli.ts';
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
});
