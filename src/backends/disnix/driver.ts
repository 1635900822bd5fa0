// Deploys Dysnomia process configurations as disnix-deploy does for a single machine: deactivate
// what goes, dependents first; activate what is new or changed (and what is kept but died), each
// after its dependencies (activatesAfter) are ready. Independent ones run side by side. Nothing
// supervises afterwards but procform-daemonize, for foreground processes.
import type { ManifestInstance } from '../../build/manifest.ts';
import { maxConcurrentStarts } from '../../deploy/max-concurrent-starts.ts';
import { runInOrder } from '../../deploy/run-in-order.ts';
import { throwFirstFailure } from '../../deploy/throw-first-failure.ts';
import type { DeployedProfile, Driver, EventSink, InstanceStatus, SwitchPlan } from '../../deploy/types.ts';
import { ProcformError } from '../../errors.ts';
import { dependentsWithin } from '../../graph/dependency-graph.ts';
import { writeLog } from '../../logs/write-log.ts';
import { isRunning } from '../../process/proc-stat.ts';
import { readPidFile } from '../../process/read-pid-file.ts';
import { pidFileStatus } from '../../runtime/pid-file-status.ts';
import { ProcessActivationError } from './errors.ts';
import type { DisnixInstanceInfo } from './instance-info.ts';
import { readInstanceInfo } from './instance-info.ts';
import { startProcess, stopProcess } from './start-process.ts';

const isOwnFailure = (error: Error) => error instanceof ProcessActivationError;

export const disnixDriver: Driver = {
  async apply(plan: SwitchPlan, profiles: { old: DeployedProfile | null; new: DeployedProfile }, events: EventSink): Promise<void> {
    const dependents = dependentsWithin(new Map(plan.stop.map((entry) => [entry.instance, entry.dependencies])));
    const stopOutcomes = await runInOrder(
      plan.stop.map((entry) => ({
        key: entry.instance,
        after: dependents.get(entry.instance)!,
        limited: false,
        run: async () => {
          events({ kind: 'stopping', instance: entry.instance });
          await stopProcess(entry, await infoOf(entry));
          events({ kind: 'stopped', instance: entry.instance });
        },
      })),
      Number.MAX_SAFE_INTEGER,
    );
    throwFirstFailure(plan.stop.map((entry) => entry.instance), stopOutcomes, events, isOwnFailure);

    const changed = new Set(plan.start.map((entry) => entry.instance));
    const { manifest } = profiles.new;
    const start = async (entry: ManifestInstance) => {
      const info = await infoOf(entry);
      // A kept instance is left alone while it runs; one that died (or was never started here) starts.
      if (!changed.has(entry.instance) && (await runs(info))) return;
      events({ kind: 'starting', instance: entry.instance });
      await startProcess(entry, info);
      events({ kind: entry.spec.readiness === null ? 'started' : 'ready', instance: entry.instance });
    };
    const startOutcomes = await runInOrder(
      manifest.startOrder.map((instance) => {
        const entry = manifest.instances[instance]!;
        return { key: instance, after: entry.dependencies, limited: true, run: () => start(entry) };
      }),
      maxConcurrentStarts(),
    );
    throwFirstFailure(manifest.startOrder, startOutcomes, events, isOwnFailure);
  },

  async status(profile: DeployedProfile): Promise<InstanceStatus[]> {
    const { manifest } = profile;
    return Promise.all(
      manifest.startOrder.map(async (instance) => {
        const entry = manifest.instances[instance]!;
        const info = await infoOf(entry);
        const pid = await readPidFile(info.pidFile);
        return pidFileStatus(entry, info, pid === null ? 'stopped' : isRunning(pid) ? 'running' : 'failed');
      }),
    );
  },

  async logs(_profile, entry, options, write): Promise<void> {
    const info = await infoOf(entry);
    if (info.logFile !== null) await writeLog(info.logFile, entry.spec.log.rotate?.keep ?? 0, options, write);
  },
};

async function runs(info: DisnixInstanceInfo): Promise<boolean> {
  const pid = await readPidFile(info.pidFile);
  return pid !== null && isRunning(pid);
}

async function infoOf(entry: ManifestInstance): Promise<DisnixInstanceInfo> {
  return readInstanceInfo(entry.storePath).catch((error: unknown) => {
    throw new ProcformError(`instance "${entry.instance}": cannot read its process configuration in ${entry.storePath}: ${(error as Error).message}`, {
      hint: 'Its store entry is gone or damaged. Stop its process by hand (see its PID file), then switch again.',
      cause: error,
    });
  });
}
