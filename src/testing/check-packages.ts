import { spawnSync } from 'node:child_process';
import { MissingPackagesError } from './errors.ts';
import type { LoadedTest } from './types.ts';

/**
 * Stops the run before any machine starts when a test's Debian packages are not installed on the
 * host: machines see the host's programs, so installing inside is not an option, and a variant
 * failing on `nginx: not found` would say less than the apt-get command this error names.
 */
export function checkPackages(tests: readonly LoadedTest[]): void {
  const missing = new Map<string, string[]>();
  for (const test of tests) {
    for (const name of test.options.packages ?? []) {
      if (isInstalled(name)) continue;
      missing.set(name, [...(missing.get(name) ?? []), test.name]);
    }
  }
  if (missing.size === 0) return;
  const lines = [...missing].map(([name, needers]) => `${name} (needed by ${needers.join(', ')})`);
  throw new MissingPackagesError(`Debian packages are missing on this machine: ${lines.join('; ')}`, {
    hint: `Install them: apt-get install ${[...missing.keys()].join(' ')}`,
  });
}

function isInstalled(name: string): boolean {
  const result = spawnSync('dpkg-query', ['--show', '--showformat=${db:Status-Abbrev}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.startsWith('ii');
}
