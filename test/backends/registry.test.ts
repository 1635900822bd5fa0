// The registry is the one list of process managers: what users read about them and what the tests
// run is derived from it, so a backend added there shows up everywhere (or a test says where not).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KNOWN_PROCESS_MANAGERS } from '../../src/backends/names.ts';
import { BACKENDS, DEFAULT_PROCESS_MANAGER } from '../../src/backends/registry.ts';
import { cliPath, repoRoot, runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

/** The README's table of process managers, as the registry describes them. */
function expectedTable(): string {
  const rows = BACKENDS.map((backend) => {
    const name = `\`${backend.name}\`${backend.name === DEFAULT_PROCESS_MANAGER ? ' (default)' : ''}`;
    const docs = backend.docs.replace(/#.*$/, '');
    return `| ${name} | ${backend.deploysWith} | ${backend.notes} ([${docs}](${backend.docs})) |`;
  });
  return ['| `-P` | deploys with | notes |', '|---|---|---|', ...rows].join('\n');
}

describe('the registry of backends', () => {
  it("is the README's table of process managers", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Process managers'));
    const lines = section.split('\n');
    const start = lines.findIndex((line) => line.startsWith('|'));
    const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
    const table = lines.slice(start, end).join('\n');
    expect(table, 'rewrite the table in README.md from src/backends/*/descriptor.ts').toBe(expectedTable());
  });

  it('names a docs page that exists, and a known process manager, for every backend', () => {
    for (const backend of BACKENDS) {
      expect(existsSync(join(repoRoot, backend.docs.replace(/#.*$/, ''))), backend.docs).toBe(true);
      expect(KNOWN_PROCESS_MANAGERS).toContain(backend.name);
    }
  });

  it("installs what each backend's tests need with the tests' dependencies", () => {
    const script = readFileSync(join(repoRoot, 'scripts/install-test-deps.sh'), 'utf8');
    const listed = [...script.matchAll(/^(?:packages|vendored)="([^"]*)"$/gm)].flatMap((match) => match[1]!.split(/\s+/));
    // dpkg is essential: every Debian has it.
    const needed = BACKENDS.flatMap((backend) => backend.testing?.programs ?? []).map((program) => program.package).filter((name) => name !== 'dpkg');
    expect(listed).toEqual(expect.arrayContaining(needed));
  });

  it('declares what the test framework needs exactly for the backends that deploy', async () => {
    for (const backend of BACKENDS) {
      const loaded = await backend.load();
      expect(loaded.name).toBe(backend.name);
      expect(backend.testing !== undefined, `${backend.name}: testing is declared exactly when the backend has a driver`).toBe(loaded.driver !== undefined);
    }
  });

  it('lets the command line load descriptors only: `procform status` imports no backend', async () => {
    const dir = tempDir();
    const loaded = join(dir, 'loaded.txt');
    writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(loaded)}, url + '\\n'); return next(url, context); }\n`);
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
    // Nothing is deployed there: status needs no backend at all.
    const result = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), cliPath, 'status', '--state-dir', join(dir, 'state')], { encoding: 'utf8' });
    expect(result.signal, result.stderr).toBeNull();
    const modules = readFileSync(loaded, 'utf8').split('\n').filter((url) => url.includes('/dist/src/backends/'));
    expect(modules.some((url) => url.endsWith('/descriptor.js'))).toBe(true);
    expect(modules.filter((url) => /\/(backend|driver|lower|render|explain)\.js$/.test(url))).toEqual([]);
  });

  it("gives --process-manager's help and the backends' own subcommands to the command line", async () => {
    const build = await runCli(['build', '--help']);
    expect(build.stdout.replace(/\s+/g, ' ')).toContain(`process manager to build for: ${BACKENDS.map((backend) => backend.name).join(', ')}`);
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/^ {2}supervisord \[options\]/m);
    expect(help.stdout).toMatch(/^ {2}sysvinit/m);
    const runactivity = await runCli(['sysvinit', 'runactivity', '--help']);
    expect(runactivity.stdout).toContain('--state-dir');
  });
});
