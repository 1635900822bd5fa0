#!/usr/bin/env node
// restart-gate: the decision of a supervised service's finish script (s6, runit), whose supervisor
// restarts a service as soon as it ends, always. It applies the model's restart policy and backoff
// (src/runtime/backoff.ts): records how the run ended, sleeps the backoff delay, and exits 0 to let
// the supervisor restart the service, or 3 when it must stay down (the policy, or it gave up).
//   node restart-gate-main.js --state DIR --restart JSON --wanted-up true|false -- CODE SIGNAL
// CODE is the exit code (-1 or 256 when a signal ended it), SIGNAL the signal number (0 if none).
// A run that procform (or anyone) asked to stop is not restarted anyway: nothing is delayed then.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { RestartSpec } from '../../model/types.ts';
import { decideRestart, MIN_UPTIME_MS } from '../backoff.ts';
import type { ServiceRecord } from './service-state.ts';
import { decodeExit, emptyRecord, serviceStateFiles } from './service-state.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const separator = args.indexOf('--');
const stateDir = option('--state');
const restartJson = option('--restart');
if (stateDir === undefined || restartJson === undefined || separator === -1) {
  process.stderr.write('usage: restart-gate --state DIR --restart JSON --wanted-up true|false -- CODE SIGNAL\n');
  process.exit(2);
}
const restart = JSON.parse(restartJson) as RestartSpec;
const wantedUp = option('--wanted-up') !== 'false';
const exit = { ...decodeExit(Number(args[separator + 1]), Number(args[separator + 2] ?? 0)), at: Date.now() };

const files = serviceStateFiles(stateDir);
let record: ServiceRecord;
try {
  record = { ...emptyRecord, ...(JSON.parse(readFileSync(files.record, 'utf8')) as Partial<ServiceRecord>) };
} catch {
  record = { ...emptyRecord };
}
const startedAt = Number(readFileSync(files.startedAt, 'utf8').trim() || 'NaN');
record.lastExit = exit;

let delayMs = 0;
if (!wantedUp) {
  record.stopped = 'stopped';
} else {
  const counter = { recent: record.recent, failedStarts: record.failedStarts };
  const durationMs = Number.isFinite(startedAt) ? exit.at - startedAt : 0;
  // The gate cannot see a readiness check pass: a run counts as started once it lasted MIN_UPTIME_MS.
  const decision = decideRestart(restart, counter, { succeeded: exit.code === 0, durationMs, started: durationMs >= MIN_UPTIME_MS });
  record.recent = counter.recent;
  record.failedStarts = counter.failedStarts;
  if (decision.action === 'restart') {
    record.total += 1;
    record.stopped = null;
    delayMs = decision.delayMs;
  } else {
    record.stopped = decision.action === 'fail' ? decision.why : 'it finished, and its restart policy does not restart it';
  }
}
mkdirSync(stateDir, { recursive: true });
writeFileSync(`${files.record}.tmp`, JSON.stringify(record));
renameSync(`${files.record}.tmp`, files.record);

if (record.stopped !== null && wantedUp) process.exit(3);
if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
process.exit(0);
