// launchd plists: golden files of the webapps example, every plist read back by a real plist
// parser (Python's plistlib, Debian's python3) with values compared byte for byte, and a clear
// error where XML cannot carry a value. launchd itself runs on macOS only: deploying is refused.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { nastyValues } from '../../support/argv-env-model.ts';
import { buildExampleFor, buildInlineFor, describeFiles } from '../../support/build-for.ts';
import { repoRoot, runCli } from '../../support/cli.ts';
import { expectGolden } from '../../support/golden.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { copyWebapps } from '../../support/webapps.ts';

const golden = (name: string) => join(repoRoot, 'test/backends/launchd/golden', name);

/** Parses a plist with Python's plistlib and returns it as JSON: the check that can fail. */
function parsePlist(text: string): Record<string, unknown> {
  const dir = tempDir();
  writeFileSync(join(dir, 'job.plist'), text);
  const result = spawnSync('/usr/bin/python3', ['-c', 'import json, plistlib, sys; print(json.dumps(plistlib.load(open(sys.argv[1], "rb"))))', join(dir, 'job.plist')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`plistlib rejects the plist: ${result.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('launchd plists', () => {
  it('renders the advanced webapps example as upstream does, each plist read back by plistlib (golden)', async () => {
    const profile = await buildExampleFor('launchd', 'processes-advanced.ts');
    expectGolden(golden('processes-advanced.txt'), describeFiles(profile));
    const plists = Object.keys(profile.files).filter((file) => file.endsWith('.plist'));
    expect(plists).toHaveLength(8);
    expect(plists).toContain('Library/LaunchDaemons/org.procform.nginx2.plist');
    const manifest = JSON.parse(profile.files['manifest.json']!);
    for (const file of plists) {
      const job = parsePlist(profile.files[file]!);
      const name = /org\.procform\.(.*)\.plist$/.exec(file)![1]!;
      const spec = Object.values(manifest.instances as Record<string, { name: string; spec: { foreground: { executable: string; args: string[] } } }>).find((entry) => entry.name === name)!.spec;
      expect(job.Label).toBe(`org.procform.${name}`);
      // The foreground program and its arguments end ProgramArguments, whatever runs before them.
      const argv = job.ProgramArguments as string[];
      expect(argv.slice(-1 - spec.foreground.args.length)).toEqual([spec.foreground.executable, ...spec.foreground.args]);
      expect(job).toMatchObject({ RunAtLoad: true, KeepAlive: { SuccessfulExit: false, Crashed: true }, StandardOutPath: `/var/log/${name}.log` });
    }
    expect(parsePlist(profile.files['Library/LaunchDaemons/org.procform.webapp1.plist']!)).toMatchObject({ UserName: 'webapp1' });
  });

  it('carries every nasty value byte for byte as an argument and an environment variable, a carriage return included', async () => {
    const values = [...nastyValues, 'carriage\rreturn', 'xml <tag> & &amp; ]]>'];
    const profile = await buildInlineFor('launchd', () => ({
      probe: { pkg: createManagedProcess({ foregroundProcess: '/bin/echo', foregroundProcessArgs: values, environment: Object.fromEntries(values.map((value, index) => [`VALUE_${index}`, value])) }) },
    }));
    const job = parsePlist(profile.files['Library/LaunchAgents/org.procform.probe.plist']!);
    expect(job.ProgramArguments).toEqual(['/bin/echo', ...values]);
    expect(job.EnvironmentVariables).toEqual({ ...Object.fromEntries(values.map((value, index) => [`VALUE_${index}`, value])), PATH: expect.any(String) });
    // Unprivileged: a user agent, no UserName.
    expect(job.UserName).toBeUndefined();
  });

  it('refuses a value XML cannot carry, naming the instance and the key; plistlib refuses a broken plist', async () => {
    const model = join(tempDir(), 'processes.ts');
    writeFileSync(model, `import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ bell: { pkg: createManagedProcess({ foregroundProcess: '/bin/true', environment: { RING: 'a\\u0007b' } }) } }));\n`);
    const result = await runCli(['build', model, '-P', 'launchd', '--state-dir', join(tempDir(), 'state')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/instance "bell": field "launchd key EnvironmentVariables\.RING": holds the control character U\+0007/);
    expect(() => parsePlist('<?xml version="1.0"?>\n<plist version="1.0"><dict><key>Label</key><string>a & b</string></dict></plist>\n')).toThrow(/plistlib rejects/);
  });

  it('says what it honours with --explain, and refuses to deploy with exit code 69, changing nothing', async () => {
    const { dir, model, advanced } = await copyWebapps(tempDir());
    const state = join(dir, 'state');
    const explained = await runCli(['build', advanced, '-P', 'launchd', '--explain', '--state-dir', state], { env: { NO_COLOR: '1' } });
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toMatch(/nginx\n {2}mode +native +foreground process, supervised by launchd\n {2}ordering +dropped +launchd has no notion of dependencies: it may start this before webapp1/);
    expect(explained.stdout).toMatch(/ {2}restart +native +policy on-failure: KeepAlive/);
    const switched = await runCli(['switch', model, '-P', 'launchd', '--state-dir', state]);
    expect(switched.code).toBe(69);
    expect(switched.stderr).toMatch(/^error: procform can build configuration for "launchd" but cannot deploy it\nhint: launchd runs on macOS only/);
    expect(existsSync(state)).toBe(false);
  });
});
