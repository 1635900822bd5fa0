#!/usr/bin/env node
// restart-gate: the decision of a supervised service's finish script (s6, runit), whose supervisor
// restarts a service as soon as it ends, always. It applies the model's restart policy and backoff
// (src/runtime/backoff.ts): records how the run ended, sleeps the backoff delay, and exits 0 to let
// the supervisor restart the service, or 3 when it must stay down (the policy, or it gave up).
//   node restart-gate-main.js --state DIR --restart JSON --wanted-up-command SH -- CODE SIGNAL
// CODE is the exit code (-1 or 256 when a signal ended it), SIGNAL the signal number (0 if none);
// SH is the shell command that prints whether the supervisor still wants the service up.
// A run that procform (or anyone) asked to stop is not restarted anyway: nothing is delayed then.
// Nor is a stop that comes during the delay kept waiting: the supervisor does not act on it (runsv
// does not even exit) until this script ends, so the sleep asks again every WANTED_UP_POLL_MS and
// ends as soon as the service is no longer wanted up.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { RestartSpec } from '../../model/types.ts';
import { decideRestart, MIN_UPTIME_MS } from '../backoff.ts';
import type { ServiceRecord } from './service-state.ts';
import { decodeExit, emptyRecord, serviceStateFiles } from './service-state.ts';

const WANTED_UP_POLL_MS = 200;

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const separator = args.indexOf('--');
const stateDir = option('--state');
const restartJson = option('--restart');
const wantedUpCommand = option('--wanted-up-command');
if (stateDir === undefined || restartJson === undefined || wantedUpCommand === undefined || separator === -1) {
  process.stderr.write('usage: restart-gate --state DIR --restart JSON --wanted-up-command SH -- CODE SIGNAL\n');
  process.exit(2);
}
const restart = JSON.parse(restartJson) as RestartSpec;
const files = serviceStateFiles(stateDir);

/** Whether the supervisor wants the service up now: only a clear `false` says no (a failed look changes nothing). */
const wantedUp = () =>
  new Promise<boolean>((resolve) => {
    execFile('/bin/sh', ['-c', wantedUpCommand], (error, stdout) => resolve(error !== null || stdout.trim() !== 'false'));
  });

// When the run ended: the finish script wrote its last-exit file first thing. Node's own start can
// take longer than MIN_UPTIME_MS on a loaded machine, so the time now would count a run that exited
// at once as one that lasted, and the crash loop would never fail.
let endedAt = Date.now();
try {
  endedAt = Math.min(endedAt, statSync(files.lastExit).mtimeMs);
} catch {
  // No file (an older finish script): the time now.
}
const exit = { ...decodeExit(Number(args[separator + 1]), Number(args[separator + 2] ?? 0)), at: Math.round(endedAt) };

let earlier: ServiceRecord;
try {
  earlier = { ...emptyRecord, ...(JSON.parse(readFileSync(files.record, 'utf8')) as Partial<ServiceRecord>) };
} catch {
  earlier = { ...emptyRecord };
}
const startedAt = Number(readFileSync(files.startedAt, 'utf8').trim() || 'NaN');

/** The record after this end, and the delay before the restart (0 when there is none). */
function decide(up: boolean): { record: ServiceRecord; delayMs: number } {
  const record: ServiceRecord = { ...earlier, lastExit: exit };
  if (!up) return { record: { ...record, stopped: 'stopped' }, delayMs: 0 };
  const counter = { recent: record.recent, failedStarts: record.failedStarts };
  const durationMs = Number.isFinite(startedAt) ? exit.at - startedAt : 0;
  // The gate cannot see a readiness check pass: a run counts as started once it lasted MIN_UPTIME_MS.
  const decision = decideRestart(restart, counter, { succeeded: exit.code === 0, durationMs, started: durationMs >= MIN_UPTIME_MS });
  record.recent = counter.recent;
  record.failedStarts = counter.failedStarts;
  if (decision.action !== 'restart') {
    return { record: { ...record, stopped: decision.action === 'fail' ? decision.why : 'it finished, and its restart policy does not restart it' }, delayMs: 0 };
  }
  return { record: { ...record, total: record.total + 1, stopped: null }, delayMs: decision.delayMs };
}

function save(record: ServiceRecord): void {
  mkdirSync(stateDir!, { recursive: true });
  writeFileSync(`${files.record}.tmp`, JSON.stringify(record));
  renameSync(`${files.record}.tmp`, files.record);
}

const { record, delayMs } = decide(await wantedUp());
save(record);
if (record.stopped !== null && record.stopped !== 'stopped') process.exit(3);
const deadline = Date.now() + delayMs;
while (Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, Math.min(WANTED_UP_POLL_MS, deadline - Date.now())));
  if (Date.now() < deadline && !(await wantedUp())) {
    // Stopped during the delay: no restart comes, and the record says so, as for a stop before it.
    save(decide(false).record);
    break;
  }
}
process.exit(0);
