// FreeBSD rc.d scripts: golden files of the webapps example, every script checked with `sh -n` and
// rc.subr's conventions (rc-conventions.ts), and the command line rc.subr evals run through a
// real shell with a stand-in rc.subr, so arguments and environment are seen byte for byte. rc.subr
// itself runs on the BSDs only: deploying is refused.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { nastyValues } from '../../support/argv-env-model.ts';
import { buildExampleFor, buildInlineFor, describeFiles } from '../../support/build-for.ts';
import { repoRoot, runCli } from '../../support/cli.ts';
import { expectGolden } from '../../support/golden.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { copyWebapps } from '../../support/webapps.ts';
import { rcScriptProblems } from './rc-conventions.ts';

const golden = (name: string) => join(repoRoot, 'test/backends/bsdrc/golden', name);

function scriptsOf(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([file]) => file.startsWith('etc/rc.d/')));
}

function provides(scripts: Record<string, string>): Set<string> {
  return new Set(Object.values(scripts).flatMap((text) => /^# PROVIDE: (.+)$/m.exec(text)?.[1]?.split(' ') ?? []));
}

describe('bsdrc scripts', () => {
  it('renders the advanced webapps example as upstream does, every script following rc.subr conventions (golden)', async () => {
    for (const [model, goldenFile] of [['processes-advanced.ts', 'processes-advanced.txt'], ['processes.ts', 'processes-foreground.txt']] as const) {
      const profile = await buildExampleFor('bsdrc', model, model === 'processes.ts' ? { extraParams: { webappMode: 'foreground' } } : {});
      expectGolden(golden(goldenFile), describeFiles(profile));
      const scripts = scriptsOf(profile.files);
      expect(Object.keys(scripts).length).toBe(model === 'processes.ts' ? 2 : 8);
      for (const [file, text] of Object.entries(scripts)) expect(rcScriptProblems(file, text, provides(scripts)), file).toEqual([]);
    }
    const advanced = scriptsOf((await buildExampleFor('bsdrc', 'processes-advanced.ts')).files);
    expect(advanced['etc/rc.d/nginx2']).toMatch(/^# REQUIRE: webapp5 webapp6$/m);
    expect(advanced['etc/rc.d/webapp1']).toMatch(/^webapp1_user=webapp1$/m);
  });

  it('runs a foreground process under daemon(8), which carries its user, restarts and log', async () => {
    const profile = await buildExampleFor('bsdrc', 'processes.ts', { extraParams: { webappMode: 'foreground' } });
    const webapp = profile.files['etc/rc.d/webapp']!;
    expect(webapp).toMatch(/^command=\/usr\/sbin\/daemon$/m);
    expect(webapp).toMatch(/^command_args='-P \/tmp\/webapp\.pid -R 1 -o \/var\/log\/webapp\.log -u webapp -- \S+-procform-webapp'$/m);
    expect(webapp).not.toMatch(/^webapp_user=/m);
  });

  it('passes every nasty value byte for byte through the eval rc.subr does, as arguments and environment', async () => {
    const dir = tempDir();
    const stub = join(dir, 'rc.subr');
    // Stands in for rc.subr: run_rc_command builds the command line as rc.subr's start does and evals it.
    writeFileSync(stub, `load_rc_config() { :; }\nrun_rc_command() {\n  eval "set -- $command $command_args"\n  printf '%s\\0' "$@" > "$PROBE_DIR/argv"\n  env -0 > "$PROBE_DIR/env"\n}\n`);
    const profile = await buildInlineFor('bsdrc', () => ({
      probe: {
        pkg: createManagedProcess({
          daemon: '/bin/echo',
          daemonArgs: nastyValues.filter((value) => !value.includes('\n')),
          environment: Object.fromEntries(nastyValues.map((value, index) => [`VALUE_${index}`, value])),
          overrides: { bsdrc: { rcSubr: stub } },
        }),
      },
    }));
    const script = profile.files['etc/rc.d/probe']!;
    expect(rcScriptProblems('etc/rc.d/probe', script, new Set(['probe']), stub)).toEqual([]);
    const run = spawnSync('sh', ['-c', script, 'probe', 'start'], { env: { PROBE_DIR: dir, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'argv'), 'utf8').split('\0').slice(0, -1)).toEqual(['/bin/echo', ...nastyValues.filter((value) => !value.includes('\n'))]);
    const env = Object.fromEntries(readFileSync(join(dir, 'env'), 'utf8').split('\0').slice(0, -1).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
    nastyValues.forEach((value, index) => expect(env[`VALUE_${index}`], `VALUE_${index}`).toBe(value));
  });

  it('finds what breaks the conventions: the check can fail', () => {
    const good = '#!/bin/sh\n# PROVIDE: web\n. /etc/rc.subr\nname=web\nrcvar=web_enable\nload_rc_config $name\nrun_rc_command "$1"\n';
    expect(rcScriptProblems('etc/rc.d/web', good, new Set(['web']))).toEqual([]);
    expect(rcScriptProblems('etc/rc.d/web', good.replace('run_rc_command "$1"\n', ''), new Set(['web']))).toContain('does not end with run_rc_command "$1"');
    expect(rcScriptProblems('etc/rc.d/web', good.replace('name=web\n', '').replace('load_rc_config $name\n', 'load_rc_config $name\nname=web\n'), new Set(['web']))).toContain(
      'calls load_rc_config before sourcing rc.subr and setting name',
    );
    expect(rcScriptProblems('etc/rc.d/web', good.replace('# PROVIDE: web\n', '# PROVIDE: web\n# REQUIRE: db\n'), new Set(['web']))).toContain('REQUIRE db, which no script PROVIDEs');
    expect(rcScriptProblems('etc/rc.d/web', good.replace('rcvar=web_enable\n', 'rcvar=web_enable\nweb_flagz=x\nif then\n'), new Set(['web']))).toEqual([
      expect.stringMatching(/^sh -n: /),
      'sets web_flagz, which rc.subr does not read',
    ]);
  });

  it('refuses what rc.subr would garble, naming the field, and refuses to deploy with exit code 69', async () => {
    const { dir, model } = await copyWebapps(tempDir());
    const quoted = join(dir, 'quoted.ts');
    writeFileSync(quoted, `import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ db: { pkg: createManagedProcess({ daemon: '/bin/true', daemonArgs: ["it's"], user: 'db' }) } }));\n`);
    const refused = await runCli(['build', quoted, '-P', 'bsdrc', '--state-dir', join(dir, 'state1')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/instance "db": field "pkg\.overrides\.bsdrc\.commandArgs": with a user, rc\.subr nests the command in su -c/);
    const explained = await runCli(['build', model, '-P', 'bsdrc', '--explain', '--state-dir', join(dir, 'state2')], { env: { NO_COLOR: '1' } });
    expect(explained.stdout).toMatch(/nginx\n {2}mode +native +daemon: it detaches[^\n]*\n {2}ordering +native +rcorder: REQUIRE webapp; stopped in reverse order/);
    const switched = await runCli(['switch', model, '-P', 'bsdrc', '--state-dir', join(dir, 'state3')]);
    expect(switched.code).toBe(69);
    expect(switched.stderr).toContain('hint: rc.subr runs on FreeBSD only');
  });
});
