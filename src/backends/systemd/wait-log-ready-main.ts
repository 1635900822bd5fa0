#!/usr/bin/env node
// wait-log-ready: `log` readiness for systemd units, whose log file is appended to across runs.
//   node wait-log-ready-main.js LOG_FILE MARK_FILE SPEC_JSON
// MARK_FILE holds the log's size when the current run started (written by the unit's
// ExecStartPre=), so a line from an earlier run never counts. Exits 0 once a line of this run
// matches; 1, with the reason on stderr, on timeout.
import type { ReadinessSpec } from '../../model/types.ts';
import { waitUntilReady } from '../../readiness/wait-until-ready.ts';
import { logSinceMark } from './log-since-mark.ts';

const [logFile, markFile, specJson] = process.argv.slice(2);
try {
  await waitUntilReady(JSON.parse(specJson!) as ReadinessSpec, { output: () => logSinceMark(logFile!, markFile!) });
} catch (error) {
  process.stderr.write(`wait-log-ready: ${(error as Error).message}\n`);
  process.exit(1);
}
