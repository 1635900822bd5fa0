// Deploys to systemd: link the profile's units where the manager loads them, reload it, and tell
// it what to stop and start. systemd supervises, restarts and logs; procform only changes what
// runs. Unchanged units are never touched, so they keep their main PID.
import type { ManifestInstance } from '../../build/manifest.ts';
import { ProcformError } from '../../errors.ts';
import { InstanceFailedError } from '../../deploy/instance-failed.ts';
import { MIN_UPTIME_MS } from '../../runtime/backoff.ts';
import { prepareLogFile } from '../../logs/log-file-mode.ts';
import { writeLog } from '../../logs/write-log.ts';
import type { Driver, EventSink } from '../../deploy/types.ts';
import { instanceStatus, reasonWithLog, unknownStatus } from './instance-status.ts';
import { followJournal } from './journal.ts';
import type { ManagerScope } from './scope.ts';
import { managerScope } from './scope.ts';
import { runInOrder } from '../../deploy/run-in-order.ts';
import { throwFirstFailure } from '../../deploy/throw-first-failure.ts';
import type { Systemctl } from './systemctl.ts';
import { connectManager, NoSystemdManagerError, SystemctlError } from './systemctl.ts';
import { scopeOfEntry, unitFileOf } from './unit-file.ts';
import type { WantedUnit } from './unit-links.ts';
import { checkLoadsFrom, syncUnitLinks, unitDir } from './unit-links.ts';
import { unitName } from './unit-name.ts';
import { unitOutput, unitWantedBy } from './unit-output.ts';
import type { UnitProperties } from './unit-status.ts';
import { isUpOrComingUp, showUnits, startedAt } from './unit-status.ts';
import { watchStart } from '../../deploy/watch-start.ts';
import { explainExit, signalName } from '../../process/exit-reason.ts';

/** More than this many `systemctl start` calls waiting at once buys nothing on a small machine. */
const MAX_PARALLEL_STARTS = 16;

/** An instance that systemd could not start (or that never became ready): the shared instance-failed error. */
export class UnitFailedError extends InstanceFailedError {
  constructor(instance: string, unit: string, reason: string, scope: ManagerScope) {
    super(`instance "${instance}" failed: ${reason}`, instance, {
      reason,
      hint: `See its log: procform logs ${instance}; systemd's view: systemctl${scope === 'user' ? ' --user' : ''} status ${unit}`,
    });
  }
}

export function createSystemdDriver(): Driver {
  return {
    async apply(plan, profiles, events) {
      const next = profiles.new.manifest;
      const scope = managerScope(next.forceDisableUserChange);
      const managers = new Map<ManagerScope, Systemctl>();
      const manager = (of: ManagerScope) => managers.get(of) ?? managers.set(of, connectManager(of)).get(of)!;

      // Stop first, with the unit files still in place: each stops as its own (old) unit says.
      const stopped = new Map<ManagerScope, string[]>();
      for (const entry of plan.stop) {
        // A profile deployed privileged, then unprivileged, has its old units in the other manager.
        const entryScope = scopeOfEntry(entry, scope);
        await stopInstance(manager(entryScope), entry, entryScope, events);
        stopped.set(entryScope, [...(stopped.get(entryScope) ?? []), unitName(entry.name)]);
      }
      for (const [other, units] of stopped) {
        if (other !== scope && (await syncUnitLinks(unitDir(other), next.storeDir, new Map(), units))) await manager(other).run(['daemon-reload']);
      }

      const entries = next.startOrder.map((key) => next.instances[key]!);
      if (entries.length === 0 && !stopped.has(scope)) return;
      const systemctl = manager(scope);
      const dir = unitDir(scope);
      const wanted = new Map<string, WantedUnit>();
      for (const entry of entries) {
        const file = unitFileOf(entry, scope);
        wanted.set(unitName(entry.name), { file, wantedBy: await unitWantedBy(file) });
      }
      if (wanted.size > 0) await checkLoadsFrom(systemctl, dir);
      if (await syncUnitLinks(dir, next.storeDir, wanted, stopped.get(scope) ?? [])) await systemctl.run(['daemon-reload']);

      // Start what is new or changed, and what should run but does not (crashed for good, or
      // stopped by hand): each as soon as its dependencies are ready, independent ones at once.
      const starting = new Set(plan.start.map((entry) => entry.instance));
      const kept = entries.filter((entry) => !starting.has(entry.instance));
      const keptStates = new Map(
        (await showUnits(systemctl, kept.map((entry) => unitName(entry.name)))).map((properties, index) => [kept[index]!.instance, properties]),
      );
      const toStart = entries.filter((entry) => {
        const state = keptStates.get(entry.instance);
        return state === undefined || !isUpOrComingUp(state);
      });
      await startUnits(systemctl, toStart, scope, events);
    },

    // systemctl stop and start of the instance's own unit: its dependents are not stopped with it
    // (their units want it, they do not require it).
    async control(profile, instances, action, events) {
      const scope = managerScope(profile.manifest.forceDisableUserChange);
      const systemctl = connectManager(scope);
      if (action === 'start') await startUnits(systemctl, instances, scope, events);
      else for (const entry of instances) await stopInstance(systemctl, entry, scope, events);
    },

    async status(profile) {
      const scope = managerScope(profile.manifest.forceDisableUserChange);
      const entries = profile.manifest.startOrder.map((key) => profile.manifest.instances[key]!);
      let systemctl: Systemctl;
      try {
        systemctl = connectManager(scope);
      } catch (error) {
        if (!(error instanceof NoSystemdManagerError)) throw error;
        return entries.map((entry) => ({ ...unknownStatus(entry), reason: error.message }));
      }
      const properties = await showUnits(systemctl, entries.map((entry) => unitName(entry.name)));
      return Promise.all(entries.map((entry, index) => instanceStatus(profile, entry, properties[index]!, scope)));
    },

    async logs(profile, instance, options, write) {
      const scope = managerScope(profile.manifest.forceDisableUserChange);
      const output = await unitOutput(unitFileOf(instance, scopeOfEntry(instance, scope)));
      // Nothing of systemd's rotates the file (logrotate's copytruncate truncates it in place).
      if (output.kind === 'file') await writeLog(output.path, 0, options, write);
      else await followJournal(scope, unitName(instance.name), options, write);
    },
  };
}

/** Starts units, each once its dependencies are ready: reset first (a failed one may not start), log files made as everywhere. */
async function startUnits(systemctl: Systemctl, toStart: readonly ManifestInstance[], scope: ManagerScope, events: EventSink): Promise<void> {
  if (toStart.length === 0) return;
  // A failed unit, or one that hit its start limit, must be reset before it may start again.
  await systemctl.run(['reset-failed', ...toStart.map((entry) => unitName(entry.name))]).catch(() => undefined);
  // systemd would create a unit's log file with the unit's umask; it gets the mode logs have everywhere.
  for (const entry of toStart) {
    const output = await unitOutput(unitFileOf(entry, scope));
    if (output.kind === 'file') await prepareLogFile(output.path);
  }
  // The shared scheduler: each as soon as its dependencies are ready; a failure keeps only its dependents from starting.
  const outcomes = await runInOrder(
    toStart.map((entry) => ({ key: entry.instance, after: entry.dependencies, limited: true, run: () => startUnit(systemctl, entry, scope, events) })),
    MAX_PARALLEL_STARTS,
  );
  throwFirstFailure(
    toStart.map((entry) => entry.instance),
    outcomes,
    events,
  );
}

async function stopInstance(systemctl: Systemctl, entry: ManifestInstance, scope: ManagerScope, events: EventSink): Promise<void> {
  const unit = unitName(entry.name);
  events({ kind: 'stopping', instance: entry.instance });
  try {
    await stopUnit(systemctl, unit);
  } catch (error) {
    if (!(error instanceof SystemctlError)) throw error;
    events({ kind: 'failed', instance: entry.instance, reason: error.message });
    throw new ProcformError(`instance "${entry.instance}" failed to stop: ${error.message}`, {
      hint: `systemd's view: systemctl${scope === 'user' ? ' --user' : ''} status ${unit}`,
      cause: error,
    });
  }
  events({ kind: 'stopped', instance: entry.instance });
}

/** Stopping what is not there (never loaded, or removed since) is a no-op, as the plan assumes. */
async function stopUnit(systemctl: Systemctl, unit: string): Promise<void> {
  try {
    await systemctl.run(['stop', unit]);
  } catch (error) {
    if (error instanceof SystemctlError && error.exitCode === 5) return;
    throw error;
  }
}

async function startUnit(systemctl: Systemctl, entry: ManifestInstance, scope: ManagerScope, events: EventSink): Promise<void> {
  const unit = unitName(entry.name);
  events({ kind: 'starting', instance: entry.instance });
  try {
    await systemctl.run(['start', unit]);
  } catch (error) {
    if (!(error instanceof SystemctlError)) throw error;
    const [properties] = await showUnits(systemctl, [unit]);
    const reason = await reasonWithLog(entry, scope, properties ?? {}, error.stderr);
    events({ kind: 'failed', instance: entry.instance, reason });
    throw new UnitFailedError(entry.instance, unit, reason, scope);
  }
  if (entry.spec.readiness === null) await provenUp(systemctl, entry, unit, scope, events);
  events({ kind: entry.spec.readiness === null ? 'started' : 'ready', instance: entry.instance });
}

/**
 * Without a readiness check, systemd counts a Type=exec unit as started once its program runs;
 * procform's start rule (src/deploy/watch-start.ts) wants one run up MIN_UPTIME_MS. systemd goes on
 * restarting a program that exits sooner by its own policy; four such runs fail the start, with how
 * the last one ended (seen while systemd still says: it forgets once the next run starts).
 */
async function provenUp(systemctl: Systemctl, entry: ManifestInstance, unit: string, scope: ManagerScope, events: EventSink): Promise<void> {
  const output = await unitOutput(unitFileOf(entry, scopeOfEntry(entry, scope)));
  await watchStart(
    {
      instance: entry.instance,
      hasReadiness: false,
      timeoutMs: MIN_UPTIME_MS + 30_000,
      logFile: output.kind === 'file' ? output.path : null,
      manager: 'systemd',
      hint: `See its log: procform logs ${entry.instance}; systemd's view: systemctl${scope === 'user' ? ' --user' : ''} status ${unit}`,
      async observe() {
        const [properties = {}] = await showUnits(systemctl, [unit]);
        const restarts = Number(properties.NRestarts ?? 0);
        const pid = Number(properties.MainPID ?? 0);
        if (properties.ActiveState === 'active' && pid > 0) return { state: 'up', run: String(pid), restarts, since: startedAt(properties) };
        // A program that did its work and exited 0, not to be restarted, started fine (as on supervisord and sysvinit).
        if (properties.ActiveState === 'inactive' && properties.Result === 'success') return { state: 'done' };
        if (properties.ActiveState === 'failed') return { state: 'failed', reason: await reasonWithLog(entry, scope, properties, '') };
        return { state: 'down', restarts, ended: endedOf(properties) };
      },
    },
    events,
  );
}

/** How the last run ended, while systemd still says (ExecMainCode is a CLD_* code: 1 exited, 2 killed, 3 dumped core). */
function endedOf(properties: UnitProperties): string | undefined {
  const status = Number(properties.ExecMainStatus ?? 0);
  if (properties.ExecMainCode === '1') return `it ${explainExit(status, null)}`;
  if (properties.ExecMainCode === '2' || properties.ExecMainCode === '3') return `it ${explainExit(null, signalName(status))}`;
  return undefined;
}
