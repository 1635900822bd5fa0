// The test driver's view of the process managers: what each backend declares for testing in its
// descriptor (src/backends/<name>/descriptor.ts). A backend that deploys is tested by default.
import { descriptorOf, MACHINE_TESTED_PROCESS_MANAGERS } from '../backends/registry.ts';
import type { TestManager } from './test-manager.ts';

/** The driver's settings for a process manager; one that declares none runs with the defaults. */
export function testManager(processManager: string): TestManager {
  return descriptorOf(processManager)?.testing ?? { init: 'none', programs: [] };
}

/** The process managers a test runs under when it names none: every backend that deploys and runs in a machine, in the registry's order. */
export const DEFAULT_TEST_MANAGERS: readonly string[] = MACHINE_TESTED_PROCESS_MANAGERS;
