// Deploys to the deployment's own supervisord. The driver keeps conf.d/ of its stable folder in
// line with the profile (links into the store) and tells supervisord what changed: stop and remove
// what goes, re-read, add what comes (supervisord then starts it: autostart), each dependent only
// once its dependencies are ready. Kept programs that run are not touched.
import { controlEach } from '../../deploy/control-each.ts';
import { mkdir, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { DeploymentDirs } from '../../model/types.ts';
import { failureReasonOf } from '../../deploy/instance-failed.ts';
import { runInOrder } from '../../deploy/run-in-order.ts';
import { throwFirstFailure } from '../../deploy/throw-first-failure.ts';
import type { Driver, EventSink } from '../../deploy/types.ts';
import { writeLog } from '../../logs/write-log.ts';
import { isRunning } from '../../process/proc-stat.ts';
import { readPidFile } from '../../process/read-pid-file.ts';
import { SupervisordError, SupervisordFault } from './errors.ts';
import { instanceStatus } from './instance-status.ts';
import { stopLeftoverProcesses } from './leftover-processes.ts';
import { PROXY_STOP_MARGIN_SECONDS } from './lower.ts';
import { supervisordPaths } from './paths.ts';
import { linkProgram, programLogFileOf, unlinkProgram } from './programs-dir.ts';
import type { ProcessInfo, SupervisorApi } from './supervisor-api.ts';
import { PROCESS_STATE, supervisorApi } from './supervisor-api.ts';
import { SupervisordUnreachable } from './supervisor-rpc.ts';
import { runningSupervisord, startSupervisord } from './start-supervisord.ts';
import { fileSize, InstanceFailed, waitStarted } from './wait-started.ts';

const notRunning: readonly number[] = [PROCESS_STATE.STOPPED, PROCESS_STATE.EXITED, PROCESS_STATE.FATAL];

export const supervisordDriver: Driver = {
  async apply(plan, profiles, events) {
    const target = profiles.new;
    const { dirs } = target.manifest;
    const paths = supervisordPaths(dirs);
    const entries = target.manifest.startOrder.map((instance) => target.manifest.instances[instance]!);
    const targetNames = new Set(entries.map((entry) => entry.name));
    let api = supervisorApi(paths.socket);
    await mkdir(paths.programsDir, { recursive: true });

    if ((await runningSupervisord(api)) === null) {
      // Nothing runs under this deployment's supervisord. Bring conf.d/ in line first, so that the
      // supervisord started now runs exactly the target's programs.
      for (const entry of plan.stop) if (!targetNames.has(entry.name)) await unlinkProgram(paths.programsDir, entry.name);
      for (const entry of entries) await linkProgram(paths.programsDir, entry);
      if (entries.length === 0) return;
      events({ kind: 'info', message: `starting supervisord (${paths.configFile})` });
      const offsets = await logOffsets(entries, dirs.logDir);
      ({ api } = await startSupervisord(dirs));
      // supervisord starts every program itself, by priority; the wrappers hold dependents until
      // their dependencies are ready. Report them in order as they become ready.
      await inDependencyOrder(entries, events, async (entry) => {
        events({ kind: 'starting', instance: entry.instance });
        await waitStarted(api, entry, { logFile: offsets.get(entry.name)!.file, supervisordLog: paths.logFile }, offsets.get(entry.name)!.offset, events);
        return true;
      });
      return;
    }

    for (const entry of plan.stop) {
      events({ kind: 'stopping', instance: entry.instance });
      await stopAndRemove(api, entry);
      if (!targetNames.has(entry.name)) await unlinkProgram(paths.programsDir, entry.name);
      events({ kind: 'stopped', instance: entry.instance });
    }
    for (const entry of entries) await linkProgram(paths.programsDir, entry);
    const { changed, removed } = await api.reloadConfig();
    // Programs whose configuration is gone cannot be started again: stop them (left by hand, or by an older procform).
    for (const name of removed) {
      await api.stopGroup(name, 60_000);
      await api.removeGroup(name);
    }

    if (entries.length === 0) {
      await stopIdleSupervisord(dirs);
      return;
    }
    const starting = new Set(plan.start.map((entry) => entry.instance));
    await inDependencyOrder(entries, events, async (entry) => {
      const logFile = await programLogFileOf(entry, dirs.logDir);
      const offset = await fileSize(logFile);
      let info = await api.processInfo(entry.name);
      if (info !== null && changed.includes(entry.name)) {
        // Live with another configuration than its file's (an interrupted switch): replace it.
        if (!starting.has(entry.instance)) events({ kind: 'info', message: `${entry.instance}: supervisord runs another configuration of it; restarting it` });
        await stopAndRemove(api, entry);
        info = null;
      }
      const start = starting.has(entry.instance) || info === null || notRunning.includes(info.state);
      if (start) {
        events({ kind: 'starting', instance: entry.instance });
        if (info === null) await api.addGroup(entry.name);
        // Start it now rather than on supervisord's next tick (autostart), so that its state is
        // STARTING before the readiness check runs; "already started" is fine.
        await api.startProcess(entry.name).catch((error: unknown) => {
          if (!(error instanceof SupervisordFault)) throw error;
          throw InstanceFailed.of(entry.instance, error.faultString, { hint: `See \`procform logs ${entry.instance}\`.` });
        });
      }
      // A kept program that runs is waited for too: its dependents must not start before it is ready.
      await waitStarted(api, entry, { logFile, supervisordLog: paths.logFile }, offset, events);
      return start;
    });
  },

  // supervisorctl stop and start: supervisord keeps a stopped program stopped (no autorestart)
  // until it is started again; a start waits for readiness as a switch does.
  async control(profile, instances, action, events) {
    const { dirs } = profile.manifest;
    const paths = supervisordPaths(dirs);
    const api = supervisorApi(paths.socket);
    await controlEach(instances, action, events, {
      stop: (entry) => api.stopGroup(entry.name, entry.spec.stop.timeoutMs + PROXY_STOP_MARGIN_SECONDS * 1000 + 30_000),
      start: async (entry) => {
        const logFile = await programLogFileOf(entry, dirs.logDir);
        const offset = await fileSize(logFile);
        await api.startProcess(entry.name).catch((error: unknown) => {
          if (!(error instanceof SupervisordFault)) throw error;
          throw InstanceFailed.of(entry.instance, error.faultString, { hint: `See \`procform logs ${entry.instance}\`.` });
        });
        await waitStarted(api, entry, { logFile, supervisordLog: paths.logFile }, offset, events);
      },
    });
  },

  async status(profile) {
    const { dirs, instances, startOrder } = profile.manifest;
    const api = supervisorApi(supervisordPaths(dirs).socket);
    let infos = new Map<string, ProcessInfo>();
    let unreachable: string | null = null;
    try {
      infos = new Map((await api.allProcessInfo()).map((info) => [info.name, info]));
    } catch (error) {
      if (!(error instanceof SupervisordUnreachable)) throw error;
      unreachable = 'supervisord is not running; `procform switch` or `procform supervisord` starts it';
    }
    return Promise.all(
      startOrder.map(async (instance) => {
        const entry = instances[instance]!;
        const logs = { logFile: await programLogFileOf(entry, dirs.logDir), supervisordLog: supervisordPaths(dirs).logFile };
        return instanceStatus(entry, infos.get(entry.name) ?? null, logs, unreachable);
      }),
    );
  },

  async logs(profile, entry, options, write) {
    await writeLog(await programLogFileOf(entry, profile.manifest.dirs.logDir), entry.spec.log.rotate?.keep ?? 0, options, write);
  },

  async stopManager(profile) {
    await stopIdleSupervisord(profile.manifest.dirs);
  },
};

/**
 * Stops the supervisord the driver started once it runs no program of any profile: a deployment
 * switched to nothing leaves no process behind. A supervisord run by `procform supervisord` is the
 * user's to stop.
 */
async function stopIdleSupervisord(dirs: DeploymentDirs): Promise<void> {
  const paths = supervisordPaths(dirs);
  const api = supervisorApi(paths.socket);
  const pid = await runningSupervisord(api);
  if (pid === null) return;
  const startedByDriver = await readPidFile(paths.startedByDriver);
  if (startedByDriver !== pid || (await api.allProcessInfo()).length > 0) return;
  await api.shutdown();
  const deadline = Date.now() + 30_000;
  while (isRunning(pid)) {
    if (Date.now() > deadline) throw new SupervisordError(`supervisord (PID ${pid}) did not stop within 30 s`, { hint: `See ${paths.logFile}.` });
    await sleep(50);
  }
  await stopLeftoverProcesses(paths.socket);
  await rm(paths.startedByDriver, { force: true });
}

/** Stops a program (waiting for it to be stopped) and makes supervisord forget it. */
async function stopAndRemove(api: SupervisorApi, entry: ManifestInstance): Promise<void> {
  // Beyond supervisord's own SIGKILL (stopwaitsecs): only a supervisord that does not answer takes longer.
  await api.stopGroup(entry.name, entry.spec.stop.timeoutMs + PROXY_STOP_MARGIN_SECONDS * 1000 + 30_000);
  await api.removeGroup(entry.name);
}

/**
 * Runs `start` for every entry, each once its dependencies' runs have succeeded, as many at once as
 * the dependencies allow; `start` says whether it started the entry (then "ready" is reported).
 * After a failure: the shared scheduler's behaviour (throwFirstFailure).
 */
async function inDependencyOrder(entries: readonly ManifestInstance[], events: EventSink, start: (entry: ManifestInstance) => Promise<boolean>): Promise<void> {
  const outcomes = await runInOrder(
    entries.map((entry) => ({
      key: entry.instance,
      after: entry.dependencies,
      limited: false,
      run: async () => {
        let started: boolean;
        try {
          started = await start(entry);
        } catch (error) {
          events({ kind: 'failed', instance: entry.instance, reason: failureReasonOf(error as Error) });
          throw error;
        }
        if (started) events({ kind: 'ready', instance: entry.instance });
      },
    })),
    Number.MAX_SAFE_INTEGER,
  );
  throwFirstFailure(
    entries.map((entry) => entry.instance),
    outcomes,
    events,
  );
}

async function logOffsets(entries: readonly ManifestInstance[], logDir: string): Promise<Map<string, { file: string; offset: number }>> {
  const offsets = new Map<string, { file: string; offset: number }>();
  for (const entry of entries) {
    const file = await programLogFileOf(entry, logDir);
    offsets.set(entry.name, { file, offset: await fileSize(file) });
  }
  return offsets;
}
