// The start rule (src/deploy/watch-start.ts) for a supervised service (s6, runit): the supervisor
// says whether a run goes on and its PID; the state record that the run script and the finish
// script (restart-gate) keep says when the run began, how many restarts there were, how the last run
// ended and whether the gate keeps it down.
import type { ManifestInstance } from '../../build/manifest.ts';
import type { EventSink } from '../../deploy/types.ts';
import { watchStart } from '../../deploy/watch-start.ts';
import { explainExit } from '../../process/exit-reason.ts';
import { readLastExit, readServiceRecord, readStartedAt } from './service-state.ts';

export interface ServiceStartWatch {
  entry: ManifestInstance;
  /** The service's state folder (service-state.ts). */
  stateDir: string;
  logFile: string;
  /** The supervisor, in the messages: "runsv", "s6-supervise". */
  manager: string;
  /** The PID of the run going on, or null when the service is down (or finishing). */
  runningPid(): Promise<number | null>;
  timeoutMs: number;
}

/** Resolves once the service's start counts; throws an InstanceFailedError when it cannot. */
export async function watchServiceStart(watch: ServiceStartWatch, events: EventSink): Promise<void> {
  const { entry, stateDir } = watch;
  const lastEnd = async () => {
    const exit = await readLastExit(stateDir);
    return exit === null ? undefined : `it ${explainExit(exit.code, exit.signal)}`;
  };
  await watchStart(
    {
      instance: entry.instance,
      hasReadiness: false,
      timeoutMs: watch.timeoutMs,
      logFile: watch.logFile,
      manager: watch.manager,
      lastEnd,
      async observe() {
        const [pid, record] = await Promise.all([watch.runningPid(), readServiceRecord(stateDir)]);
        if (pid !== null) {
          // A start time from before the last exit is the last run's: this one has not written its own yet.
          const startedAt = await readStartedAt(stateDir);
          const since = startedAt !== null && (record.lastExit === null || startedAt >= record.lastExit.at) ? startedAt : null;
          return { state: 'up', run: String(pid), restarts: record.total, since };
        }
        // The gate keeps it down when its policy says so, or when the backoff gave up.
        if (record.stopped !== null && record.lastExit !== null) {
          if (record.lastExit.code === 0 && record.stopped !== 'stopped' && entry.spec.restart.policy !== 'always') return { state: 'done' };
          return { state: 'failed', reason: `${(await lastEnd()) ?? 'it ended'}; not restarted: ${record.stopped}` };
        }
        return { state: 'down', restarts: record.total, ended: await lastEnd() };
      },
    },
    events,
  );
}
