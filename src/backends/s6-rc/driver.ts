// Deploys to s6-rc on the deployment's own s6-svscan, as upstream's nixproc-s6-rc-switch: compile the
// profile's definitions into a database, then s6-rc-init (first time) or s6-rc-update, and
// `s6-rc -u change` what is new. s6-rc-update restarts neither changed nor dependent services by
// itself, and `s6-rc -d change` would take every dependent down too; so what the plan stops (changed
// and removed instances) is stopped here first, dependents before dependencies, with its old
// definition; changed instances and kept ones that died are started again with s6-svc (a longrun) or
// their up script (a oneshot), in dependency order, each once ready; new instances that may start
// together (one dependency wave, src/deploy/batched-calls.ts) start with one `s6-rc -u change`.
// Nothing else is touched.
import { mkdir, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { Driver, EventSink, SwitchPlan } from '../../deploy/types.ts';
import { startBatched } from '../../deploy/batched-calls.ts';
import { maxConcurrentStarts } from '../../deploy/max-concurrent-starts.ts';
import { runInOrder } from '../../deploy/run-in-order.ts';
import { throwFirstFailure } from '../../deploy/throw-first-failure.ts';
import { watchServiceStart } from '../../runtime/service-dir/watch-service-start.ts';
import { dependentsWithin } from '../../graph/dependency-graph.ts';
import { writeLog } from '../../logs/write-log.ts';
import { writeLogDir } from '../../logs/log-dir.ts';
import { readServiceRecord, resetServiceRecord } from '../../runtime/service-dir/service-state.ts';
import type { DeploymentDirs } from '../../model/types.ts';
import { daemonLogFile, DEFAULT_BUNDLE, longrunLogDir, s6RcPaths, serviceNames, serviceStateDir, SOURCE_DIR, stoppedMarker } from './paths.ts';
import type { S6RcPaths } from './paths.ts';
import { daemonPid, instanceStatus, isInstanceUp, supervisedState } from './instance-status.ts';
import { withLastLines } from '../../deploy/instance-failed.ts';
import { S6RcError, s6, s6Try } from './s6-tools.ts';
import { forgetLive, runningSvscan, startSvscan, stopSvscan } from './svscan.ts';

/** Beyond a service's own stop timeout: a supervisor that is slow to report. */
const stopMarginMs = 30_000;
const upTimeoutMs = 60_000;

export const s6RcDriver: Driver = {
  async apply(plan, profiles, events) {
    const { manifest } = profiles.new;
    const paths = s6RcPaths(manifest.dirs);
    const entries = manifest.startOrder.map((instance) => manifest.instances[instance]!);
    const svscan = await runningSvscan(paths);
    if (svscan === null && entries.length === 0) {
      // Nothing supervises anything: only daemons of oneshots can still run.
      await stopInOrder(plan.stop.filter((entry) => entry.spec.foreground === null), paths, events);
      await forgetLive(paths);
      return;
    }
    if (svscan === null) {
      events({ kind: 'info', message: `starting s6-svscan (${paths.scanDir})` });
      await startSvscan(paths);
    }
    const database = await compileDatabase(profiles.new.path, paths);
    await stopInOrder(plan.stop, paths, events);
    const current = await liveDatabase(paths);
    if (current === null) {
      await forgetLive(paths);
      await s6('s6-rc-init', ['-c', database, '-l', paths.liveDir, paths.scanDir], 'starting s6-rc (s6-rc-init)');
    } else if (current !== database) {
      await s6('s6-rc-update', ['-l', paths.liveDir, database], 'updating s6-rc to the new profile (s6-rc-update)');
      if (current.startsWith(`${paths.compiledDir}/`)) await rm(current, { recursive: true, force: true });
    }
    await startInOrder(entries, plan, paths, manifest.dirs, events);
  },

  async control(profile, instances, action, events) {
    const { dirs } = profile.manifest;
    const paths = s6RcPaths(dirs);
    for (const entry of instances) {
      events({ kind: action === 'stop' ? 'stopping' : 'starting', instance: entry.instance });
      const marker = stoppedMarker(dirs, entry.name);
      if (action === 'stop') {
        await stopInstance(entry, paths);
        // s6-rc still counts a oneshot up: the marker tells status it was stopped, not lost.
        if (entry.spec.foreground === null) await mkdir(dirname(marker), { recursive: true }).then(() => writeFile(marker, ''));
      } else {
        await rm(marker, { force: true });
        await startDirectly(entry, paths, dirs, events);
        if (entry.spec.foreground !== null && entry.spec.readiness === null) await watchLongrunStart(entry, paths, dirs, events);
      }
      events({ kind: action === 'stop' ? 'stopped' : entry.spec.readiness === null ? 'started' : 'ready', instance: entry.instance });
    }
  },

  async status(profile) {
    const { dirs, instances, startOrder } = profile.manifest;
    const paths = s6RcPaths(dirs);
    const active = (await runningSvscan(paths)) === null ? null : await activeServices(paths);
    return Promise.all(startOrder.map((instance) => instanceStatus(instances[instance]!, dirs, paths, active)));
  },

  async logs(profile, entry, options, write) {
    const { dirs } = profile.manifest;
    if (entry.spec.foreground === null) await writeLog(daemonLogFile(dirs, entry.name), 0, options, write);
    else await writeLogDir(longrunLogDir(dirs, entry.name), options, write);
  },

  async stopManager(profile) {
    const paths = s6RcPaths(profile.manifest.dirs);
    const pid = await runningSvscan(paths);
    if (pid === null) return forgetLive(paths);
    if ((await liveDatabase(paths)) !== null) await s6Try('s6-rc', ['-l', paths.liveDir, '-bDa', 'change']);
    await stopSvscan(paths, pid);
  },
};

/** The profile's definitions compiled, once per profile (the database is named after it). */
async function compileDatabase(profile: string, paths: S6RcPaths): Promise<string> {
  const database = join(paths.compiledDir, basename(profile));
  if (await exists(database)) return database;
  const temporary = `${database}.${process.pid}.tmp`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(paths.compiledDir, { recursive: true });
  await s6('s6-rc-compile', [temporary, join(profile, SOURCE_DIR)], 'compiling the service definitions (s6-rc-compile)');
  await rename(temporary, database);
  return database;
}

/** The database s6-rc runs now, or null when s6-rc has no live state here. */
async function liveDatabase(paths: S6RcPaths): Promise<string | null> {
  const compiled = await readlink(join(paths.liveDir, 'compiled')).catch(() => null);
  if (compiled === null) return null;
  return (await s6Try('s6-rc', ['-l', paths.liveDir, '-a', 'list'])).code === 0 ? compiled : null;
}

/** The atomic services s6-rc counts as up. */
async function activeServices(paths: S6RcPaths): Promise<Set<string> | null> {
  const result = await s6Try('s6-rc', ['-l', paths.liveDir, '-a', 'list']);
  return result.code === 0 ? new Set(result.stdout.split('\n').filter(Boolean)) : null;
}

/** Stops instances, each after its dependents among them, with their own (old) definitions. */
async function stopInOrder(entries: readonly ManifestInstance[], paths: S6RcPaths, events: EventSink): Promise<void> {
  const dependents = dependentsWithin(new Map(entries.map((entry) => [entry.instance, entry.dependencies])));
  const outcomes = await runInOrder(
    entries.map((entry) => ({
      key: entry.instance,
      after: dependents.get(entry.instance) ?? [],
      limited: false,
      run: async () => {
        events({ kind: 'stopping', instance: entry.instance });
        await stopInstance(entry, paths);
        events({ kind: 'stopped', instance: entry.instance });
      },
    })),
    Number.MAX_SAFE_INTEGER,
  );
  const failure = entries.map((entry) => outcomes.get(entry.instance)).find((error) => error);
  if (failure) throw failure;
}

async function stopInstance(entry: ManifestInstance, paths: S6RcPaths): Promise<void> {
  if (entry.spec.foreground === null) {
    const result = await s6Try('execlineb', ['-P', join(entry.storePath, SOURCE_DIR, entry.name, 'down')]);
    if (result.code !== 0) throw new S6RcError(`instance "${entry.instance}" failed to stop: its down script exited ${result.code}\n${result.stderr}${result.stdout}`.trim());
    return;
  }
  const names = serviceNames(entry.name);
  // The service first, then its logger, which reads what the service wrote until its end.
  for (const service of [names.srv, names.log]) {
    const dir = join(paths.scanDir, service);
    if ((await supervisedState(dir)) === null) continue;
    await s6('s6-svc', ['-d', dir], `stopping ${service}`);
    const timeoutMs = entry.spec.stop.timeoutMs + stopMarginMs;
    const waited = await s6Try('s6-svwait', ['-D', '-t', String(timeoutMs), dir]);
    if (waited.code !== 0) throw new S6RcError(`instance "${entry.instance}" did not stop within ${timeoutMs} ms (${service})`, { hint: `s6's view: s6-svstat ${dir}` });
  }
}

/**
 * Starts, in dependency order, what is not up: new services through s6-rc (which waits for
 * readiness), changed ones and kept ones that died directly. When only new services start (a
 * first deployment), one `s6-rc change default` starts them, independent ones side by side;
 * otherwise startBatched starts them wave by wave: the new ones of a wave with one `s6-rc -u
 * change` (changeUpEach), the others each directly, side by side.
 */
async function startInOrder(entries: readonly ManifestInstance[], plan: SwitchPlan, paths: S6RcPaths, dirs: DeploymentDirs, events: EventSink): Promise<void> {
  const active = (await activeServices(paths)) ?? new Set<string>();
  const changed = new Set(plan.start.map((entry) => entry.instance));
  const fresh = new Set<string>();
  const direct = new Set<string>();
  for (const entry of entries) {
    const key = entry.spec.foreground === null ? entry.name : serviceNames(entry.name).srv;
    if (!active.has(key)) fresh.add(entry.instance);
    else if (changed.has(entry.instance) || !(await isInstanceUp(entry, paths))) direct.add(entry.instance);
  }
  // A record left by an earlier deployment of the same name would count its restarts.
  for (const entry of entries) if (fresh.has(entry.instance)) await resetServiceRecord(serviceStateDir(dirs, entry.name));
  const starting = entries.filter((entry) => fresh.has(entry.instance) || direct.has(entry.instance));
  const order = starting.map((entry) => entry.instance);
  if (direct.size === 0) {
    if (starting.length === 0) return;
    for (const entry of starting) events({ kind: 'starting', instance: entry.instance });
    await changeUp(DEFAULT_BUNDLE, starting, paths, dirs, events);
    const outcomes = await Promise.all(
      starting.map(async (entry) => {
        const error = await startCounts(entry, paths, dirs, events).then(() => null, (failure: Error) => failure);
        if (error === null) events({ kind: entry.spec.readiness === null ? 'started' : 'ready', instance: entry.instance });
        return [entry.instance, error] as const;
      }),
    );
    throwFirstFailure(order, new Map(outcomes), events);
    return;
  }
  const outcomes = await startBatched(starting, maxConcurrentStarts(), events, {
    batches: (entry) => fresh.has(entry.instance),
    startBatch: (batch) => changeUpEach(batch, paths, dirs, events),
    start: async (entry) => {
      await startDirectly(entry, paths, dirs);
      await startCounts(entry, paths, dirs, events);
    },
  });
  throwFirstFailure(order, outcomes, events);
}

/** A start counts once the instance is ready, or, without a readiness check, once it stayed up (the start rule). */
async function startCounts(entry: ManifestInstance, paths: S6RcPaths, dirs: DeploymentDirs, events: EventSink): Promise<void> {
  if (entry.spec.foreground !== null && entry.spec.readiness === null) await watchLongrunStart(entry, paths, dirs, events);
}

/** The start rule for a longrun without a readiness check: up, the same run, for MIN_UPTIME_MS. */
async function watchLongrunStart(entry: ManifestInstance, paths: S6RcPaths, dirs: DeploymentDirs, events: EventSink): Promise<void> {
  const dir = join(paths.scanDir, serviceNames(entry.name).srv);
  await watchServiceStart(
    {
      entry,
      stateDir: serviceStateDir(dirs, entry.name),
      logFile: logFileOf(entry, dirs),
      manager: 's6-supervise',
      timeoutMs: upTimeoutMs,
      runningPid: async () => {
        const state = await supervisedState(dir);
        return state?.up ? state.pid : null;
      },
    },
    events,
  );
}

/** `s6-rc -u change NAME`: a failure names the instances s6-rc could not start, with their last log lines. */
async function changeUp(name: string, entries: readonly ManifestInstance[], paths: S6RcPaths, dirs: DeploymentDirs, events: EventSink): Promise<void> {
  const result = await s6Try('s6-rc', ['-l', paths.liveDir, '-u', 'change', name]);
  if (result.code === 0) return;
  const output = `${result.stderr}${result.stdout}`.trim();
  const failed = entries.filter((entry) => mentionsService(output, entry));
  for (const entry of failed) events({ kind: 'failed', instance: entry.instance, reason: output });
  const first = failed[0];
  throw new S6RcError(
    first ? `instance "${first.instance}" failed to start: ${withLastLines(output, logFileOf(first, dirs))}` : `s6-rc could not start ${name}: ${output}`,
    { hint: first ? `See \`procform logs ${first.instance}\`.` : `See s6-svscan's output: ${paths.svscanLog}.` },
  );
}

/**
 * `s6-rc -b -v 2 -t MS -u change A B C`: starts these new instances with one call (s6-rc starts them
 * side by side, each once its dependencies are up, and waits for readiness), then tells each one's
 * outcome from what s6-rc counts up afterwards (and, for a longrun without a readiness check, the
 * start rule): one s6-rc could not start fails with s6-rc's lines about it and its last log lines,
 * the others count as started. -b waits for s6-rc's lock rather than failing; -t bounds the call.
 */
async function changeUpEach(batch: readonly ManifestInstance[], paths: S6RcPaths, dirs: DeploymentDirs, events: EventSink): Promise<Map<string, Error | null>> {
  const timeoutMs = Math.max(...batch.map((entry) => (entry.spec.readiness?.timeoutMs ?? 0) + upTimeoutMs));
  const result = await s6Try('s6-rc', ['-l', paths.liveDir, '-b', '-v', '2', '-t', String(timeoutMs), '-u', 'change', ...batch.map((entry) => entry.name)]);
  const lines = `${result.stderr}${result.stdout}`.trim().split('\n');
  const active = (await activeServices(paths)) ?? new Set<string>();
  const outcomes = await Promise.all(
    batch.map(async (entry): Promise<[string, Error | null]> => {
      if (active.has(entry.spec.foreground === null ? entry.name : serviceNames(entry.name).srv)) {
        return [entry.instance, await startCounts(entry, paths, dirs, events).then(() => null, (error: Error) => error)];
      }
      const said = lines.filter((line) => mentionsService(line, entry) && /unable|fail|crash|timed out/.test(line));
      const why = said.length > 0 ? said.join('\n') : result.code === 2 ? `s6-rc timed out after ${timeoutMs} ms` : `s6-rc did not start it (s6-rc exited ${result.code})`;
      return [entry.instance, startFailed(entry, why, dirs)];
    }),
  );
  return new Map(outcomes);
}

/** Whether a line of s6-rc's output is about one of the instance's services. */
function mentionsService(line: string, entry: ManifestInstance): boolean {
  const names = serviceNames(entry.name);
  return new RegExp(`service (${escape(entry.name)}|${escape(names.srv)}|${escape(names.log)})[:\\s]`).test(line);
}

/** Starts a changed instance, or a kept one that died, without s6-rc (which counts it up already); a failure is reported to `events` when given. */
async function startDirectly(entry: ManifestInstance, paths: S6RcPaths, dirs: DeploymentDirs, events?: EventSink): Promise<void> {
  const fail = (reason: string): never => {
    events?.({ kind: 'failed', instance: entry.instance, reason });
    throw startFailed(entry, reason, dirs);
  };
  if (entry.spec.foreground === null) {
    await rm(stoppedMarker(dirs, entry.name), { force: true });
    if ((await daemonPid(entry)) !== null) return;
    const result = await s6Try('execlineb', ['-P', join(entry.storePath, SOURCE_DIR, entry.name, 'up')]);
    if (result.code !== 0) fail(`its up script exited ${result.code}`);
    return;
  }
  const names = serviceNames(entry.name);
  const stateDir = serviceStateDir(dirs, entry.name);
  await resetServiceRecord(stateDir);
  await s6('s6-svc', ['-u', join(paths.scanDir, names.log)], `starting ${names.log}`);
  const dir = join(paths.scanDir, names.srv);
  await s6('s6-svc', ['-u', dir], `starting ${names.srv}`);
  const deadline = Date.now() + (entry.spec.readiness === null ? upTimeoutMs : entry.spec.readiness.timeoutMs + stopMarginMs);
  for (;;) {
    const state = await supervisedState(dir);
    if (state?.up && (entry.spec.readiness === null || state.ready)) return;
    const record = await readServiceRecord(stateDir);
    if (state !== null && !state.up && record.stopped !== null && record.lastExit !== null) fail(`it ended and is not restarted: ${record.stopped}`);
    if (Date.now() > deadline) fail(entry.spec.readiness === null ? `s6-supervise did not report it up within ${upTimeoutMs / 1000} s` : `not ready within ${entry.spec.readiness.timeoutMs} ms`);
    await sleep(50);
  }
}

/** An instance's failed start: why, with the last lines of its log. */
function startFailed(entry: ManifestInstance, reason: string, dirs: DeploymentDirs): S6RcError {
  return new S6RcError(`instance "${entry.instance}" failed to start: ${withLastLines(reason, logFileOf(entry, dirs))}`, { hint: `See \`procform logs ${entry.instance}\`.` });
}

function logFileOf(entry: ManifestInstance, dirs: DeploymentDirs): string {
  return entry.spec.foreground === null ? daemonLogFile(dirs, entry.name) : join(longrunLogDir(dirs, entry.name), 'current');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}
