#!/usr/bin/env node
// wait-ready: blocks until readiness checks pass, for wrapper scripts of backends whose process
// manager cannot wait for readiness itself (a supervisord program waiting for its dependencies).
//   node wait-ready-main.js [--log-file FILE] SPEC_JSON [[--log-file FILE] SPEC_JSON …]
// Each SPEC_JSON is a ReadinessSpec; --log-file applies to the spec after it (for `log` checks).
// Exits 0 once all are ready; 1, with the reason on stderr, when one times out.
import type { ReadinessSpec } from '../model/types.ts';
import { logFileOutput } from './probe.ts';
import { waitUntilReady } from './wait-until-ready.ts';

const checks: { spec: ReadinessSpec; logFile: string | undefined }[] = [];
const args = process.argv.slice(2);
let logFile: string | undefined;
for (let index = 0; index < args.length; index += 1) {
  if (args[index] === '--log-file') {
    logFile = args[(index += 1)];
    continue;
  }
  checks.push({ spec: JSON.parse(args[index]!) as ReadinessSpec, logFile });
  logFile = undefined;
}

try {
  await Promise.all(checks.map(({ spec, logFile }) => waitUntilReady(spec, logFile === undefined ? {} : { output: logFileOutput(logFile) })));
} catch (error) {
  process.stderr.write(`wait-ready: ${(error as Error).message}\n`);
  process.exit(1);
}
