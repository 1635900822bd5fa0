// The conformance suite runs once per backend that deploys and per profile, each run a vitest
// project of its own (its own worker, so backends run side by side), derived from the registry.
import { MACHINE_TESTED_PROCESS_MANAGERS } from '../../../src/backends/registry.ts';
import { TEST_PROFILES } from '../../../src/testing/types.ts';
import type { TestProfile } from '../../../src/testing/types.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    conformance: { backend: string; profile: TestProfile };
  }
}

export const conformanceFile = 'test/conformance/conformance.test.ts';

/**
 * One project per deployable backend a machine can run (not docker: see its descriptor) and profile, each running the suite's one file. They run
 * after the other tests (groupOrder 1), four at a time: each mostly waits for its machine.
 */
export function conformanceProjects() {
  return MACHINE_TESTED_PROCESS_MANAGERS.flatMap((backend) =>
    TEST_PROFILES.map((profile) => ({
      extends: true as const,
      test: {
        name: `conformance:${backend}:${profile}`,
        include: [conformanceFile],
        provide: { conformance: { backend, profile } },
        maxWorkers: 4,
        sequence: { groupOrder: 1 },
      },
    })),
  );
}
