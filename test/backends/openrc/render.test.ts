// openrc-run scripts of the webapps example: golden files, `sh -n`, depend() from the model's
// dependencies, and paths OpenRC would split refused with the field named.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExampleFor, describeFiles } from '../../support/build-for.ts';
import { repoRoot, runCli } from '../../support/cli.ts';
import { expectGolden } from '../../support/golden.ts';
import { tempDir } from '../../support/temp-dir.ts';

const golden = (name: string) => join(repoRoot, 'test/backends/openrc/golden', name);

describe('openrc scripts', () => {
  it('renders the advanced webapps example with depend(), procform-daemonize and readiness in start_post (golden)', async () => {
    const profile = await buildExampleFor('openrc', 'processes-advanced.ts');
    expectGolden(golden('processes-advanced.txt'), describeFiles(profile));
    const scripts = Object.entries(profile.files).filter(([file]) => file.startsWith('etc/init.d/'));
    expect(scripts).toHaveLength(8);
    for (const [file, text] of scripts) {
      expect(text.startsWith('#!/sbin/openrc-run\n'), file).toBe(true);
      const syntax = spawnSync('sh', ['-n'], { input: text, encoding: 'utf8' });
      expect(syntax.status, `${file}: ${syntax.stderr}`).toBe(0);
    }
    const nginx2 = profile.files['etc/init.d/nginx2']!;
    expect(nginx2).toMatch(/^depend\(\) \{\n\tneed webapp5 webapp6\n/m);
    // A foreground program runs under procform-daemonize, which restarts it with the model's backoff.
    expect(nginx2).not.toMatch(/supervise-daemon/);
    expect(nginx2).toMatch(/^\t\t-- \S+daemonizer\/main\.js --name nginx2 .* --restart '\{"policy":"on-failure"/m);
    expect(profile.files['etc/init.d/webapp1']).toMatch(/ --user webapp1 /);
    expect(profile.files['etc/init.d/webapp1']).toMatch(/^start_post\(\) \{\n\t\S+ \S+wait-ready-main\.js --pid-file /m);
  });

  it("runs a foreground program under supervise-daemon when overrides.openrc.mode says 'supervise'", async () => {
    const model = join(tempDir(), 'processes.ts');
    writeFileSync(
      model,
      `import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', foregroundProcessArgs: ['1000'], overrides: { openrc: { mode: 'supervise' } } }) } }));\n`,
    );
    const result = await runCli(['build', model, '-P', 'openrc', '--state-dir', join(tempDir(), 'state'), '--explain']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/foreground process under supervise-daemon/);
  });

  it('refuses a path OpenRC would split, naming the field', async () => {
    const model = join(tempDir(), 'processes.ts');
    writeFileSync(model, `import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ spaced: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', foregroundProcessArgs: ['1000'], directory: '/tmp/two words' }) } }));\n`);
    const result = await runCli(['build', model, '-P', 'openrc', '--state-dir', join(tempDir(), 'state')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/instance "spaced": field "pkg\.overrides\.openrc\.directory": OpenRC pastes it into a command line unquoted: "\/tmp\/two words" would be split/);
  });
});
