import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.ts';
import { parseJunit } from '../testing/parse-junit.ts';
import { leftoversOfRun, runProcformTest } from '../testing/support.ts';
import { servicesTestFiles } from './service-test-files.ts';

// Every service model of the library and the seed's larger examples, as CI runs them: each test
// file's variants (builtin, sysvinit and supervisord, privileged and unprivileged) in one
// `procform test` run, side by side.

describe.skipIf(process.getuid?.() !== 0)('the services library', () => {
  it('passes every variant of every service model, and leaves nothing behind', async () => {
    const junit = join(tempDir(), 'services.xml');
    const run = await runProcformTest([...servicesTestFiles, '--junit', junit], { timeoutMs: 1_500_000 });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = parseJunit(readFileSync(junit, 'utf8'));
    expect(report.attributes).toMatchObject({ failures: '0', errors: '0', skipped: '0' });
    // Each service under three process managers and both profiles.
    const variantsOf = new Map<string, string[]>();
    for (const entry of report.cases) variantsOf.set(entry.classname, [...(variantsOf.get(entry.classname) ?? []), entry.name]);
    expect(variantsOf.size).toBeGreaterThanOrEqual(servicesTestFiles.length);
    for (const [test, variants] of variantsOf) {
      expect(variants.sort(), test).toEqual(['privileged.builtin', 'privileged.supervisord', 'privileged.sysvinit', 'unprivileged.builtin', 'unprivileged.supervisord', 'unprivileged.sysvinit']);
    }
    expect(await leftoversOfRun(run)).toEqual([]);
  }, 1_600_000);
});
