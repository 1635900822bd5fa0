import { maxConcurrentStarts } from '../../deploy/max-concurrent-starts.ts';
import type { DeployedProfile, Driver, InstanceStatus } from '../../deploy/types.ts';
import { writeLog } from '../../logs/write-log.ts';
import { NotRunning, sendRequest } from './supervisor/control-client.ts';
import { readInstanceConfig } from './supervisor/instance-config.ts';
import { runningSupervisor } from './supervisor/lock.ts';
import { isSameProcess, readProcStat } from '../../process/proc-stat.ts';
import { controlPaths } from './supervisor/paths.ts';
import { InstanceFailedError } from './instance-failed.ts';
import { ensureSupervisor } from './start-supervisor.ts';

export interface BuiltinDriverOptions {
  /** Instances starting (spawned, not yet ready) at once. Default: PROCFORM_MAX_CONCURRENT_STARTS, else 4 × the CPU count. */
  maxConcurrentStarts?: number;
}

/** The builtin process manager's driver: starts the deployment's supervisor when needed and talks to it. */
export function createBuiltinDriver(options: BuiltinDriverOptions = {}): Driver {
  return {
    async apply(plan, profiles, events, cancel) {
      const { dirs } = profiles.new.manifest;
      const request = {
        op: 'apply' as const,
        profile: profiles.new.path,
        stop: plan.stop.map((entry) => entry.instance),
        start: plan.start.map((entry) => entry.instance),
        keep: plan.keep.map((entry) => entry.instance),
        restart: plan.restart ?? [],
        maxConcurrentStarts: options.maxConcurrentStarts ?? maxConcurrentStarts(),
      };
      const send = async () => sendRequest((await ensureSupervisor(dirs)).socket, request, (answer) => events(answer.event), cancel);
      // Not delivered: the supervisor exited between the ping and the request (one started early
      // that gave up waiting, or a concurrent `down`). Once more, with a supervisor started afresh.
      const answer = await send().catch((error: unknown) => {
        if (error instanceof NotRunning) return send();
        throw error;
      });
      if (answer.kind === 'error') throw new InstanceFailedError(answer.message, answer.instance);
    },

    // The supervisor's apply stops exactly what it is told to restart and starts only what it is
    // asked for: with nothing kept, every other instance is left as it is, running or not.
    async control(profile, instances, action, events) {
      const names = instances.map((entry) => entry.instance);
      const plan = action === 'stop' ? { stop: [...instances], start: [], keep: [], restart: names } : { stop: [], start: [...instances], keep: [] };
      await this.apply(plan, { old: profile, new: profile }, events);
    },

    async status(profile) {
      const known = new Map((await supervisorStatus(profile)).map((status) => [status.instance, status]));
      return profile.manifest.startOrder.map((key) => {
        const entry = profile.manifest.instances[key]!;
        return known.get(key) ?? { instance: key, name: entry.name, state: 'stopped', pid: null, startedAt: null, restarts: null, ready: false };
      });
    },

    async logs(_profile, instance, logOptions, write) {
      const config = await readInstanceConfig(instance);
      await writeLog(config.log.file, config.log.rotate?.keep ?? 0, logOptions, write);
    },

    async stopManager(profile) {
      const paths = controlPaths(profile.manifest.dirs.runtimeDir);
      const pid = runningSupervisor(paths.pidFile);
      if (pid === null) return;
      const startTime = readProcStat(pid)?.startTime ?? 0;
      try {
        await sendRequest(paths.socket, { op: 'shutdown' });
      } catch (error) {
        if (!(error instanceof NotRunning)) throw error;
      }
      while (isSameProcess(pid, startTime)) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}

/** The supervisor's view, or nothing when it does not run: asking must not start it. */
async function supervisorStatus(profile: DeployedProfile): Promise<InstanceStatus[]> {
  try {
    const answer = await sendRequest(controlPaths(profile.manifest.dirs.runtimeDir).socket, { op: 'status' });
    return answer.kind === 'status' ? answer.instances : [];
  } catch (error) {
    if (error instanceof NotRunning) return [];
    throw error;
  }
}

