// Portable readiness probes: tcp, http, exec, log line, file. Node built-ins only.
export { describeReadiness } from './describe.ts';
export { LineMatcher } from './log-line.ts';
export { logFileOutput, probeOnce } from './probe.ts';
export type { ProbeContext, ProbeResult } from './probe.ts';
export { ReadinessTimeout, waitUntilReady } from './wait-until-ready.ts';
export type { WaitOptions } from './wait-until-ready.ts';
