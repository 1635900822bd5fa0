// procform/testing: test processes models under every process manager and profile, each variant in
// a fresh sandbox (docs/testing.md). Test files import testService from here; `procform test` runs them.
export { testService } from './test-service.ts';
export { Machine } from './machine.ts';
export { runMatrix, DEFAULT_VARIANT_TIMEOUT_MS } from './run-matrix.ts';
export type { MatrixOptions, MatrixOutcome } from './run-matrix.ts';
export type { TestEvent, TestEventSink } from './events.ts';
export {
  MachineCommandError,
  MachineError,
  MachineTimeoutError,
  MissingPackagesError,
  TestDefinitionError,
  TestRunFailedError,
  TestRunInterruptedError,
  VariantTimeoutError,
} from './errors.ts';
export type { CommandOutcome } from './errors.ts';
export type * from './types.ts';
export { PHASES, TEST_PROFILES } from './types.ts';
