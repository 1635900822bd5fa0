import { existsSync, lstatSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('procform build', () => {
  it('prints the profile path and links --out to it', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'processes.ts'),
      "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: [60] }) } }));\n",
    );
    const result = await runCli(['build', '-P', 'none', '--state-dir', join(dir, 'state'), '--out', 'result'], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(readlinkSync(join(dir, 'result'))).toBe(result.stdout.trim());
    expect(existsSync(join(dir, 'result/sleeper.json'))).toBe(true);
  });

  it('exits 1 with one clear message for a bad model, and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'processes.ts'),
      "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ web: { pkg: createManagedProcess({ process: 'no-such-program-here' }) } }));\n",
    );
    const result = await runCli(['build', join(dir, 'processes.ts'), '-P', 'none', '--state-dir', join(dir, 'state'), '--out', join(dir, 'result')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `error: ${join(dir, 'processes.ts')}: instance "web": field "pkg.process": executable "no-such-program-here" was not found on PATH. Install the package that provides "no-such-program-here", or give its absolute path.\n`,
    );
    expect(existsSync(join(dir, 'state'))).toBe(false);
    expect(existsSync(join(dir, 'result'))).toBe(false);
  });

  it('rejects an unknown process manager and refuses to replace a real folder with --out', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), "export default () => ({});\n");
    const unknown = await runCli(['build', '-P', 'systemdd', '--state-dir', join(dir, 'state')], { cwd: dir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/"systemdd" is not a process manager/);
    mkdirSync(join(dir, 'result'));
    const refused = await runCli(['build', '-P', 'none', '--state-dir', join(dir, 'state'), '--out', 'result'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/exists and is not a symbolic link/);
    expect(lstatSync(join(dir, 'result')).isDirectory()).toBe(true);
  });

  it('reads --extra-params as JSON and rejects malformed JSON', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'processes.ts'),
      "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses((ctx) => ({ [String(ctx.extraParams.name)]: { pkg: createManagedProcess({ process: 'sleep' }) } }));\n",
    );
    const ok = await runCli(['build', '-P', 'none', '--state-dir', join(dir, 'state'), '--extra-params', '{"name":"custom"}', '--out', 'r'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(existsSync(join(dir, 'r/custom.json'))).toBe(true);
    const bad = await runCli(['build', '-P', 'none', '--extra-params', '{oops'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--extra-params is not valid JSON/);
  });
});
