import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSuccess, runCli, runCliIn } from '../support/cli.ts';
import { cleanUpAfterTest } from '../support/deployment-processes.ts';
import { eventually } from '../support/eventually.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('procform logs --since and --timestamps, and "did you mean" on the command line', () => {
  it('on a builtin deployment: stamped lines keep their time, others get their file\'s; --since picks by them', async () => {
    const dir = tempDir();
    const model = join(dir, 'processes.ts');
    const talker = (timestamps: boolean) =>
      `createManagedProcess({ process: 'sh', args: ['-c', 'echo hello; echo again; exec sleep 3600'], log: { timestamps: ${timestamps} } })`;
    writeFileSync(model, `import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ stamped: { pkg: ${talker(true)} }, plain: { pkg: ${talker(false)} } }));\n`);
    const state = join(dir, 'state');
    cleanUpAfterTest(state);
    const before = Date.now();
    expectSuccess(await runCliIn(state, ['switch', model, '--force-disable-user-change']), ['switch']);
    const logs = async (...args: string[]) => expectSuccess(await runCliIn(state, ['logs', ...args]), ['logs', ...args]).stdout.split('\n').filter(Boolean);
    await eventually(async () => (await logs('plain')).length === 2 && (await logs('stamped')).length === 2, 20_000, 'both to print two lines');

    const stamped = await logs('stamped', '--timestamps');
    expect(stamped).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z hello$/), expect.stringMatching(/Z again$/)]);
    const plain = await logs('plain', '--timestamps');
    expect(plain).toEqual([expect.stringMatching(/^≤\d{4}-\d\d-\d\dT[\d:.]+Z hello$/), expect.stringMatching(/^≤.*Z again$/)]);
    expect(Date.parse(plain[0]!.slice(1, 25))).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);

    expect(await logs('stamped', '--since', '1h')).toHaveLength(2);
    expect(await logs('plain', '--since', '10m', '-n', '1')).toEqual(['again']);
    expect(await logs('--since', '2099-01-01T00:00:00Z')).toEqual([]);
    const bad = await runCliIn(state, ['logs', '--since', 'soonish']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('--since: "soonish" is neither a duration nor a time')]);

    const misspelled = await runCliIn(state, ['logs', 'stampd']);
    expect([misspelled.code, misspelled.stderr]).toEqual([1, expect.stringContaining('the deployment has no instance "stampd" (did you mean "stamped"?)')]);
    expectSuccess(await runCliIn(state, ['down']), ['down']);
  });

  it('a misspelled command or option names the one meant', async () => {
    const command = await runCli(['swtich']);
    expect([command.code, command.stderr]).toEqual([1, expect.stringContaining('(Did you mean switch?)')]);
    const option = await runCli(['logs', '--timestams']);
    expect([option.code, option.stderr]).toEqual([1, expect.stringContaining('(Did you mean --timestamps?)')]);
  });
});
