// One instance's status, from what systemd says about its unit, its readiness check and its log.
import { MIN_UPTIME_MS } from '../../runtime/backoff.ts';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { DeployedProfile, InstanceStatus } from '../../deploy/types.ts';
import { STATUS_PROBE_TIMEOUT_MS, withLastLines } from '../../deploy/instance-failed.ts';
import { logFileOutput } from '../../readiness/log-output.ts';
import { probeOnce } from '../../readiness/probe.ts';
import { logMarkFile } from './log-mark-file.ts';
import type { ManagerScope } from './scope.ts';
import { scopeOfEntry, unitFileOf } from './unit-file.ts';
import { unitOutput } from './unit-output.ts';
import type { UnitProperties } from './unit-status.ts';
import { failureReason, instanceState, startedAt } from './unit-status.ts';


/** systemd's view of a unit as procform's InstanceStatus, with the reason of a failure in words. */
export async function instanceStatus(profile: DeployedProfile, entry: ManifestInstance, properties: UnitProperties, scope: ManagerScope): Promise<InstanceStatus> {
  let state = instanceState(properties);
  const pid = Number(properties.MainPID ?? 0);
  const since = state === 'running' ? startedAt(properties) : null;
  // systemd says active as soon as a Type=exec program runs; without a readiness check, procform
  // counts a run as started once it ran MIN_UPTIME_MS (runtime/backoff.ts): a restart in a crash
  // loop is starting, not running.
  if (state === 'running' && entry.spec.readiness === null && since !== null && Date.now() - since < MIN_UPTIME_MS && Number(properties.NRestarts ?? 0) > 0) {
    state = 'starting';
  }
  const status: InstanceStatus = {
    instance: entry.instance,
    name: entry.name,
    state,
    pid: pid > 0 ? pid : null,
    startedAt: state === 'running' || state === 'starting' ? since : null,
    restarts: properties.NRestarts === undefined || properties.NRestarts === '' ? null : Number(properties.NRestarts),
    ready: state === 'running' ? await isReady(profile, entry, scope) : false,
  };
  if (state === 'failed') status.reason = await reasonWithLog(entry, scope, properties);
  if (state === 'unknown') status.reason = `systemd reports LoadState=${properties.LoadState ?? '?'} ActiveState=${properties.ActiveState ?? '?'}`;
  return status;
}

/** The instance's readiness check, once, now: a running unit passed it when it started, but may not any more. */
async function isReady(profile: DeployedProfile, entry: ManifestInstance, scope: ManagerScope): Promise<boolean> {
  const readiness = entry.spec.readiness;
  if (readiness === null) return true;
  const output = await unitOutput(unitFileOf(entry, scopeOfEntry(entry, scope)));
  const logFile = output.kind === 'file' ? output.path : null;
  const mark = logMarkFile(profile.manifest.dirs.runtimeDir, entry.name);
  const result = await probeOnce(readiness, logFile === null ? {} : { output: logFileOutput(logFile, { offsetFile: mark }) }, STATUS_PROBE_TIMEOUT_MS);
  return result.ready;
}

/** Why a unit failed, with the end of its log: the program itself often says why. */
export async function reasonWithLog(entry: ManifestInstance, scope: ManagerScope, properties: UnitProperties, systemctlMessage?: string): Promise<string> {
  const reason = properties.Result === undefined && systemctlMessage ? systemctlMessage.trim() : failureReason(properties);
  const output = await unitOutput(unitFileOf(entry, scopeOfEntry(entry, scope)));
  return withLastLines(reason, output.kind === 'file' ? output.path : null);
}

/** When no manager answers, nothing is known but the names. */
export function unknownStatus(entry: ManifestInstance): InstanceStatus {
  return { instance: entry.instance, name: entry.name, state: 'unknown', pid: null, startedAt: null, restarts: null, ready: null };
}
