import { DEFAULT_TEST_MANAGERS } from './managers.ts';
import type { LoadedTest, TestProfile, Variant } from './types.ts';
import { TEST_PROFILES } from './types.ts';

export interface VariantFilter {
  /** Only these process managers (of those each test lists). */
  processManagers?: readonly string[];
  profiles?: readonly TestProfile[];
  /** Only variants whose id matches one of these: `*` is a wildcard, otherwise a substring. */
  only?: readonly string[];
}

/**
 * The matrix: every test × profile × process manager it declares (upstream's
 * `<test>.<profile>.<processManager>`), narrowed by the command line. Pure, in a stable order:
 * tests as loaded, then profiles, then process managers as the test lists them.
 */
export function planVariants(tests: readonly LoadedTest[], filter: VariantFilter = {}): Variant[] {
  const variants: Variant[] = [];
  for (const test of tests) {
    for (const profile of test.options.profiles ?? TEST_PROFILES) {
      if (filter.profiles && !filter.profiles.includes(profile)) continue;
      for (const processManager of test.options.processManagers ?? DEFAULT_TEST_MANAGERS) {
        if (filter.processManagers && !filter.processManagers.includes(processManager)) continue;
        const id = `${test.name}.${profile}.${processManager}`;
        if (filter.only && !filter.only.some((pattern) => matches(id, pattern))) continue;
        variants.push({ id, test, processManager, profile });
      }
    }
  }
  return variants;
}

function matches(id: string, pattern: string): boolean {
  if (!pattern.includes('*')) return id.includes(pattern);
  const expression = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${expression}$`).test(id);
}
