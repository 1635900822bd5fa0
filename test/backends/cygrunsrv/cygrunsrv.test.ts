// cygrunsrv install arguments: golden files of the webapps example, and the program's arguments
// quoted so that Windows' command-line parsing gives them back unchanged (checked with a
// reimplementation of CommandLineToArgvW, itself checked against Microsoft's documented examples).
// cygrunsrv runs on Windows under Cygwin only: deploying is refused.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { windowsCommandLine, windowsQuote } from '../../../src/backends/cygrunsrv/windows-quote.ts';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { nastyValues } from '../../support/argv-env-model.ts';
import { buildExampleFor, buildInlineFor, describeFiles } from '../../support/build-for.ts';
import { repoRoot, runCli } from '../../support/cli.ts';
import { expectGolden } from '../../support/golden.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { copyWebapps } from '../../support/webapps.ts';
import { commandLineToArgv } from './command-line-to-argv.ts';

const golden = (name: string) => join(repoRoot, 'test/backends/cygrunsrv/golden', name);

/** The install arguments of a params file, one per line. */
const tokensOf = (text: string) => text.replace(/\n$/, '').split('\n');
const valueAfter = (tokens: string[], option: string) => tokens[tokens.indexOf(option) + 1];

describe('Windows command-line quoting', () => {
  it('the parser gives the results Microsoft documents', () => {
    // "Parsing C++ command-line arguments", results of parsing command lines (Microsoft Learn).
    expect(commandLineToArgv('"abc" d e')).toEqual(['abc', 'd', 'e']);
    expect(commandLineToArgv('a\\\\b d"e f"g h')).toEqual(['a\\\\b', 'de fg', 'h']);
    expect(commandLineToArgv('a\\\\\\"b c d')).toEqual(['a\\"b', 'c', 'd']);
    expect(commandLineToArgv('a\\\\\\\\"b c" d e')).toEqual(['a\\\\b c', 'd', 'e']);
    expect(commandLineToArgv('a"b"" c d')).toEqual(['ab" c d']);
  });

  it('quotes every nasty value so that it parses back unchanged', () => {
    const values = [...nastyValues, 'trailing backslash\\', 'C:\\Program Files\\x\\', '\\"', '"', 'a\\\\"b', '\t', ' ', 'vertical\vtab'];
    for (const value of values) expect(commandLineToArgv(windowsQuote(value)), JSON.stringify(value)).toEqual([value]);
    expect(commandLineToArgv(windowsCommandLine(values))).toEqual(values);
    expect(windowsQuote('plain')).toBe('plain');
    expect(windowsQuote('')).toBe('""');
  });
});

describe('cygrunsrv install arguments', () => {
  it('renders the advanced webapps example as upstream does (golden)', async () => {
    const profile = await buildExampleFor('cygrunsrv', 'processes-advanced.ts');
    expectGolden(golden('processes-advanced.txt'), describeFiles(profile));
    const nginx2 = tokensOf(profile.files['procform-nginx2-cygrunsrvparams']!);
    expect(nginx2.filter((_, index) => nginx2[index - 1] === '--dep')).toEqual(['procform-webapp5', 'procform-webapp6']);
    // nginx's initialize needs a launch script; the program and its arguments follow as "$@".
    expect(valueAfter(nginx2, '--path')).toMatch(/-nginx2-launch$/);
    expect(commandLineToArgv(valueAfter(nginx2, '--args')!).slice(-2)).toEqual(['-g', 'daemon off;']);
  });

  it('carries every nasty value as an argument (through --args) and as --env, or names the one a line break stops', async () => {
    const values = nastyValues.filter((value) => !value.includes('\n'));
    const profile = await buildInlineFor('cygrunsrv', () => ({
      probe: { pkg: createManagedProcess({ foregroundProcess: '/bin/echo', foregroundProcessArgs: values, environment: Object.fromEntries(values.map((value, index) => [`VALUE_${index}`, value])) }) },
    }));
    const tokens = tokensOf(profile.files['procform-probe-cygrunsrvparams']!);
    expect(valueAfter(tokens, '--path')).toBe('/bin/echo');
    expect(commandLineToArgv(valueAfter(tokens, '--args')!)).toEqual(values);
    const env = tokens.filter((_, index) => tokens[index - 1] === '--env');
    values.forEach((value, index) => expect(env).toContain(`VALUE_${index}=${value}`));

    const model = join(tempDir(), 'processes.ts');
    writeFileSync(model, `import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ multi: { pkg: createManagedProcess({ foregroundProcess: '/bin/true', foregroundProcessArgs: ['two\\nlines'] }) } }));\n`);
    const refused = await runCli(['build', model, '-P', 'cygrunsrv', '--state-dir', join(tempDir(), 'state')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/instance "multi": field "cygrunsrv --args": the argument "two\\nlines" holds a line break\nhint: The parameters file holds one argument per line/);
  });

  it('says what it honours with --explain, and refuses to deploy with exit code 69', async () => {
    const { dir, model } = await copyWebapps(tempDir());
    const explained = await runCli(['build', model, '-P', 'cygrunsrv', '--explain', '--state-dir', join(dir, 'state')], { env: { NO_COLOR: '1' } });
    expect(explained.stdout).toMatch(/nginx\n {2}mode +native +foreground process, run by cygrunsrv as a Windows service\n {2}ordering +native +--dep procform-webapp/);
    expect(explained.stdout).toMatch(/ {2}initialize +emulated +runs before the process, by the launch script/);
    const switched = await runCli(['switch', model, '-P', 'cygrunsrv', '--state-dir', join(dir, 'state')]);
    expect(switched.code).toBe(69);
    expect(switched.stderr).toContain('hint: cygrunsrv runs on Windows under Cygwin only');
  });
});
