// Deploys init scripts by running them, as upstream's nixproc-sysvinit-deploy: stop what goes in
// reverse dependency order, then start in dependency order what is new, changed, or kept but not
// running. A script's `start` returns once its instance is ready, so this ordering is readiness-gated.
// Scripts that do not depend on each other run side by side, as Debian's startpar runs them at boot.
import { controlEach } from '../../deploy/control-each.ts';
import { join } from 'node:path';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { DeployedProfile, Driver, EventSink, InstanceState, InstanceStatus, SwitchPlan } from '../../deploy/types.ts';
import { writeLog } from '../../logs/write-log.ts';
import { stopThenStart } from '../../deploy/stop-then-start.ts';
import { pidFileStatus } from '../../runtime/pid-file-status.ts';
import { longestStartMs } from '../../runtime/backoff.ts';
import { InitScriptError } from './errors.ts';
import type { SysvinitInstanceInfo } from './instance-info.ts';
import { sysvinitInfo } from './instance-info.ts';
import { runScript } from './run-script.ts';
import { currentRunlevel, rcLinks } from './runlevel.ts';

/** LSB status exit codes → procform's states. */
const lsbStates: Record<number, InstanceState> = { 0: 'running', 1: 'failed', 3: 'stopped' };

export const sysvinitDriver: Driver = {
  async apply(plan: SwitchPlan, profiles: { old: DeployedProfile | null; new: DeployedProfile }, events: EventSink): Promise<void> {
    const runlevel = currentRunlevel();
    await stopThenStart(plan, profiles.new.manifest, events, {
      stop: (entry) => activity(entry, 'stop'),
      async shouldStart(entry, changed) {
        if (!(await startsIn(entry, runlevel))) {
          events({ kind: 'info', message: `${entry.instance} has no start link in runlevel ${runlevel}: not started` });
          return false;
        }
        // A kept instance is left alone while it runs; one that died (or was never started here) starts.
        return changed || !(await isRunning(entry));
      },
      start: (entry) => activity(entry, 'start'),
      isOwnFailure: (error) => error instanceof InitScriptError,
    });
  },

  // The instance's init script, as `service NAME stop|start` runs it; a script's start returns once ready.
  async control(_profile, instances, action, events): Promise<void> {
    await controlEach(instances, action, events, { stop: (entry) => activity(entry, 'stop'), start: (entry) => activity(entry, 'start') });
  },

  async status(profile: DeployedProfile): Promise<InstanceStatus[]> {
    const { manifest } = profile;
    return Promise.all(manifest.startOrder.map((instance) => instanceStatus(manifest.instances[instance]!)));
  },

  async logs(_profile, entry, options, write): Promise<void> {
    const { info } = await scriptPath(entry);
    if (info.logFile !== null) await writeLog(info.logFile, entry.spec.log.rotate?.keep ?? 0, options, write);
  },
};

async function scriptPath(entry: ManifestInstance): Promise<{ path: string; info: SysvinitInstanceInfo }> {
  const info = await sysvinitInfo.readFor(entry, 'its init script');
  return { path: join(entry.storePath, info.script), info };
}

async function isRunning(entry: ManifestInstance): Promise<boolean> {
  return (await runScript((await scriptPath(entry)).path, 'status', { timeoutMs: STATUS_DEADLINE_MS })).code === 0;
}

/** `status` only reads a PID file and /proc. */
const STATUS_DEADLINE_MS = 30_000;

/**
 * How long an activity may take before its script is killed: `start` waits for the program to
 * detach (procform-daemonize: until its start counts, longestStartMs, plus 30 s) and for its
 * readiness check; `stop` for the stop timeout, then SIGKILL and 5 s. The margin is for a loaded
 * machine; past it something hangs.
 */
export function activityDeadlineMs(entry: Pick<ManifestInstance, 'spec'>, activity: string): number {
  const margin = 60_000;
  if (activity === 'start') return (entry.spec.readiness?.timeoutMs ?? 0) + longestStartMs(entry.spec.restart.backoff) + 30_000 + margin;
  if (activity === 'stop') return entry.spec.stop.timeoutMs + 5000 + margin;
  return STATUS_DEADLINE_MS;
}

/** Runs an activity that must succeed; a failure names the instance and shows the script's output. */
async function activity(entry: ManifestInstance, name: string): Promise<void> {
  const { path, info } = await scriptPath(entry);
  const result = await runScript(path, name, { timeoutMs: activityDeadlineMs(entry, name) });
  if (result.code !== 0) {
    throw new InitScriptError({ instance: entry.instance, script: path, activity: name, exitCode: result.code, output: result.output, logFile: info.logFile });
  }
}

/** Whether the instance's store entry (its own links only) has a start link in the runlevel: overrides of `runlevels` decide. */
async function startsIn(entry: ManifestInstance, runlevel: number): Promise<boolean> {
  return (await rcLinks(entry.storePath, runlevel, 'S')).length > 0;
}

async function instanceStatus(entry: ManifestInstance): Promise<InstanceStatus> {
  const { path, info } = await scriptPath(entry);
  const { code } = await runScript(path, 'status', { timeoutMs: STATUS_DEADLINE_MS });
  return pidFileStatus(entry, info, lsbStates[code ?? -1] ?? 'unknown');
}
