// Deploys Dysnomia process configurations as disnix-deploy does for a single machine: deactivate
// what goes, dependents first; activate what is new or changed (and what is kept but died), each
// after its dependencies (activatesAfter) are ready. Independent ones run side by side. Nothing
// supervises afterwards but procform-daemonize, for foreground processes.
import { controlEach } from '../../deploy/control-each.ts';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { DeployedProfile, Driver, EventSink, InstanceStatus, SwitchPlan } from '../../deploy/types.ts';
import { writeLog } from '../../logs/write-log.ts';
import { isRunning } from '../../process/proc-stat.ts';
import { readPidFile } from '../../process/read-pid-file.ts';
import { stopThenStart } from '../../deploy/stop-then-start.ts';
import { pidFileStatus } from '../../runtime/pid-file-status.ts';
import { ProcessActivationError } from './errors.ts';
import type { DisnixInstanceInfo } from './instance-info.ts';
import { disnixInfo } from './instance-info.ts';
import { startProcess, stopProcess } from './start-process.ts';

export const disnixDriver: Driver = {
  async apply(plan: SwitchPlan, profiles: { old: DeployedProfile | null; new: DeployedProfile }, events: EventSink): Promise<void> {
    await stopThenStart(plan, profiles.new.manifest, events, {
      stop: async (entry) => stopProcess(entry, await infoOf(entry)),
      // A kept instance is left alone while it runs; one that died (or was never started here) starts.
      shouldStart: async (entry, changed) => changed || !(await runs(await infoOf(entry))),
      start: async (entry) => startProcess(entry, await infoOf(entry)),
      isOwnFailure: (error) => error instanceof ProcessActivationError,
    });
  },

  // The instance's own process script, as Dysnomia's deactivate and activate run it; nothing restarts it meanwhile.
  async control(_profile, instances, action, events): Promise<void> {
    await controlEach(instances, action, events, {
      stop: async (entry) => stopProcess(entry, await infoOf(entry)),
      start: async (entry) => {
        const info = await infoOf(entry);
        if (!(await runs(info))) await startProcess(entry, info);
      },
    });
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

function infoOf(entry: ManifestInstance): Promise<DisnixInstanceInfo> {
  return disnixInfo.readFor(entry, 'its process configuration');
}
