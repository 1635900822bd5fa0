// The registry is the one list of process managers: what users read about them and what the tests
// run is derived from it, so a backend added there shows up everywhere (or a test says where not).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_PROCESS_MANAGERS } from '../../src/backends/names.ts';
import { BACKENDS, DEFAULT_PROCESS_MANAGER } from '../../src/backends/registry.ts';
import { repoRoot, runCli } from '../support/cli.ts';

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

  it('declares what the test framework needs exactly for the backends that deploy', async () => {
    for (const backend of BACKENDS) {
      const loaded = await backend.load();
      expect(loaded.name).toBe(backend.name);
      expect(backend.testing !== undefined, `${backend.name}: testing is declared exactly when the backend has a driver`).toBe(loaded.driver !== undefined);
    }
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
