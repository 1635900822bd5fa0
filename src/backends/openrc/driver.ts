// Deploys openrc-run scripts with rc-service, in a private OpenRC root (private-root.ts): the
// deployment's scripts linked into a private /etc/init.d and runlevel, OpenRC's state in the
// deployment's runtime folder. Stops what goes (dependents first, `--nodeps` so that OpenRC stops
// nothing the plan keeps), then starts what is new, changed, or kept but not running, each after
// its dependencies are ready (start_post waits for readiness), independent ones side by side.
import { controlEach } from '../../deploy/control-each.ts';
import { join } from 'node:path';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { DeployedProfile, Driver, EventSink, InstanceStatus, SwitchPlan } from '../../deploy/types.ts';
import { ProcformError } from '../../errors.ts';
import { lastLines } from '../../logs/last-lines.ts';
import { writeLog } from '../../logs/write-log.ts';
import { logFileOutput } from '../../readiness/log-output.ts';
import { probeOnce } from '../../readiness/probe.ts';
import { stopThenStart } from '../../deploy/stop-then-start.ts';
import { watchStart } from '../../deploy/watch-start.ts';
import { pidFileStatus } from '../../runtime/pid-file-status.ts';
import { RcServiceError } from './errors.ts';
import type { OpenrcInstanceInfo } from './instance-info.ts';
import { readInstanceInfo } from './instance-info.ts';
import type { OpenrcRoot } from './private-root.ts';
import { linkServices, openrcRoot, rcService, updateDependencies } from './private-root.ts';
import { serviceState } from './service-state.ts';

export const openrcDriver: Driver = {
  async apply(plan: SwitchPlan, profiles: { old: DeployedProfile | null; new: DeployedProfile }, events: EventSink): Promise<void> {
    const { manifest } = profiles.new;
    const root = openrcRoot(manifest.dirs.runtimeDir);
    const newInfos = await infosOf(Object.values(manifest.instances));
    // Stopping uses the scripts that started them: the old versions of what changed.
    const stopInfos = await infosOf(plan.stop);
    const link = async (infos: Iterable<OpenrcInstanceInfo & { path: string }>) => {
      await linkServices(root, scriptsOf(infos));
      await updateDependencies(root);
    };
    await link([...newInfos.values(), ...stopInfos.values()]);
    await stopThenStart(plan, manifest, events, {
      stop: (entry) => stopService(root, entry, stopInfos.get(entry)!),
      afterStop: () => link(newInfos.values()),
      async shouldStart(entry, changed) {
        // A kept instance is left alone while it runs (or supervise-daemon is about to respawn it).
        const state = await serviceState(root, newInfos.get(entry)!);
        return changed || !(state.running || state.respawning);
      },
      start: (entry) => startService(root, entry, newInfos.get(entry)!, events),
      isOwnFailure: (error) => error instanceof RcServiceError,
    });
  },

  // rc-service --nodeps stop and start of its own script: the services that need it keep running.
  async control(profile, instances, action, events): Promise<void> {
    const root = openrcRoot(profile.manifest.dirs.runtimeDir);
    await controlEach(instances, action, events, {
      stop: async (entry) => stopService(root, entry, await infoOf(entry)),
      start: async (entry) => {
        const info = await infoOf(entry);
        const state = await serviceState(root, info);
        if (!(state.running || state.respawning)) await startService(root, entry, info, events);
      },
    });
  },

  async status(profile: DeployedProfile): Promise<InstanceStatus[]> {
    const root = openrcRoot(profile.manifest.dirs.runtimeDir);
    const entries = profile.manifest.startOrder.map((instance) => profile.manifest.instances[instance]!);
    return Promise.all(entries.map(async (entry) => instanceStatus(root, entry, await infoOf(entry))));
  },

  async logs(_profile, entry, options, write): Promise<void> {
    const { logFile } = await infoOf(entry);
    if (logFile !== null) await writeLog(logFile, entry.spec.log.rotate?.keep ?? 0, options, write);
  },
};

async function instanceStatus(root: OpenrcRoot, entry: ManifestInstance, info: OpenrcInstanceInfo): Promise<InstanceStatus> {
  const state = await serviceState(root, info);
  if (info.mode !== 'supervise') {
    return pidFileStatus(entry, info, state.running ? 'running' : state.openrc === 'stopped' ? 'stopped' : 'failed');
  }
  const base = { instance: entry.instance, name: entry.name, restarts: state.respawns };
  if (state.running || state.respawning) {
    const ready = state.running && (info.readiness === null || (await probeOnce(info.readiness, { output: logFileOutput(info.logFile!) })).ready);
    return { ...base, state: state.running ? 'running' : 'backoff', pid: state.childPid, startedAt: state.startedAt, ready };
  }
  if (state.openrc === 'stopped') return { ...base, state: 'stopped', pid: null, startedAt: null, ready: false };
  const lines = lastLines(info.logFile!, 5);
  const why = state.openrc === 'failed' ? 'supervise-daemon gave up respawning it' : 'its supervise-daemon is gone';
  return { ...base, state: 'failed', pid: null, startedAt: null, ready: false, reason: lines.length === 0 ? why : `${why}\n${lines.join('\n')}` };
}

async function stopService(root: OpenrcRoot, entry: ManifestInstance, info: OpenrcInstanceInfo): Promise<void> {
  const state = await serviceState(root, info);
  if (state.openrc === 'stopped' && !state.running && !state.respawning) return;
  // --nodeps: OpenRC would stop the services that need it, which the plan may keep.
  const result = await rcService(root, [info.name, '--nodeps', 'stop']);
  if (result.code === 0) return;
  // A service whose process died: OpenRC cannot stop it, only forget it.
  const after = await serviceState(root, info);
  if (!after.running && !after.respawning) {
    await rcService(root, [info.name, 'zap']);
    return;
  }
  throw new RcServiceError({ instance: entry.instance, name: info.name, command: '--nodeps stop', exitCode: result.code, output: result.output, logFile: info.logFile });
}

/**
 * rc-service start, which returns once start_post saw the readiness check pass, or procform-daemonize
 * saw the program up MIN_UPTIME_MS; under supervise-daemon (an override) without a check, the start
 * rule is watched here (supervise-daemon tells how a run ended only to syslog: the failure cannot say).
 */
async function startService(root: OpenrcRoot, entry: ManifestInstance, info: OpenrcInstanceInfo, events: EventSink): Promise<void> {
  // OpenRC may still think a crashed service started: forget that first.
  if ((await serviceState(root, info)).openrc !== 'stopped') await rcService(root, [info.name, 'zap']);
  await rc(root, entry, info, 'start');
  if (info.mode !== 'supervise' || info.readiness !== null) return;
  await watchStart(
    {
      instance: entry.instance,
      hasReadiness: false,
      timeoutMs: 60_000,
      logFile: info.logFile,
      manager: 'supervise-daemon',
      async observe() {
        const state = await serviceState(root, info);
        if (state.running) return { state: 'up', run: String(state.childPid), restarts: state.respawns ?? undefined };
        if (state.respawning) return { state: 'down', restarts: state.respawns ?? undefined };
        return { state: 'failed', reason: state.openrc === 'failed' ? 'supervise-daemon gave up respawning it' : 'its supervise-daemon is gone' };
      },
    },
    events,
  );
}

async function rc(root: OpenrcRoot, entry: ManifestInstance, info: OpenrcInstanceInfo, command: string): Promise<void> {
  const result = await rcService(root, [info.name, command]);
  if (result.code !== 0) throw new RcServiceError({ instance: entry.instance, name: info.name, command, exitCode: result.code, output: result.output, logFile: info.logFile });
}

function scriptsOf(infos: Iterable<OpenrcInstanceInfo & { path: string }>): Map<string, string> {
  return new Map([...infos].map((info) => [info.name, info.path]));
}

async function infosOf(entries: readonly ManifestInstance[]): Promise<Map<ManifestInstance, OpenrcInstanceInfo & { path: string }>> {
  return new Map(await Promise.all(entries.map(async (entry) => [entry, await infoOf(entry)] as const)));
}

async function infoOf(entry: ManifestInstance): Promise<OpenrcInstanceInfo & { path: string }> {
  const info = await readInstanceInfo(entry.storePath).catch((error: unknown) => {
    throw new ProcformError(`instance "${entry.instance}": cannot read its OpenRC script in ${entry.storePath}: ${(error as Error).message}`, {
      hint: 'Its store entry is gone or damaged. Stop its process by hand (see its PID file), then switch again.',
      cause: error,
    });
  });
  return { ...info, path: join(entry.storePath, info.script) };
}
