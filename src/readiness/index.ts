// Portable readiness probes: tcp, http, exec, log line, file. Node built-ins only.
export { describeReadiness } from './describe.ts';
export { feedFileToMatcher, LineMatcher } from './log-line.ts';
export type { ProbeResult } from './probe.ts';
export { probeOnce, waitUntilReady } from './wait-until-ready.ts';
export type { WaitOptions } from './wait-until-ready.ts';
