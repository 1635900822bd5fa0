// What a test run reports while it runs, as one discriminated union: the runner emits, and
// format-event.ts alone decides how each looks (progress.ts places the lines on a terminal).
import type { Phase, VariantResult } from './types.ts';

export type TestEvent =
  | { kind: 'run-started'; variants: readonly string[]; toRun: number; jobs: number }
  | { kind: 'variant-started'; variant: string }
  /** The variant's machine exists: its id (hostname, cgroup `procform-<id>`) and its PID 1 on the host. */
  | { kind: 'machine-up'; variant: string; machineId: string; pid: number }
  | { kind: 'phase'; variant: string; phase: Phase; instance?: string }
  /** Passed, failed, skipped or interrupted. */
  | { kind: 'variant-ended'; result: VariantResult }
  /** Ctrl-C: no variant starts any more; running ones are stopped and their machines removed. */
  | { kind: 'interrupting' }
  | { kind: 'run-ended'; results: VariantResult[]; durationMs: number };

export type TestEventSink = (event: TestEvent) => void;
