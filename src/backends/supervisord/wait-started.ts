// After supervisord was told to start a program: wait until it is up and its readiness check
// passes, watching supervisord's state meanwhile, so that a program that fails (FATAL, or exited
// for good) is reported at once with its last log lines rather than when the check times out.
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { EventSink } from '../../deploy/types.ts';
import { logFileOutput } from '../../readiness/log-output.ts';
import { probeOnce } from '../../readiness/probe.ts';
import { ReadinessTimeout } from '../../readiness/wait-until-ready.ts';
import { MIN_UPTIME_MS } from '../../runtime/backoff.ts';
import { InstanceFailedError } from '../../deploy/instance-failed.ts';
import { stillInWrapper } from './in-wrapper.ts';
import type { ProgramLogs } from './instance-status.ts';
import { failureReason } from './instance-status.ts';
import type { SupervisorApi } from './supervisor-api.ts';
import { PROCESS_STATE } from './supervisor-api.ts';

/** Without a readiness check, a program is ready once RUNNING; one that never gets there goes FATAL well within this. */
const runningTimeoutMs = 180_000;

/** The shared instance-failed error, under the name the supervisord driver used. */
export { InstanceFailedError as InstanceFailed } from '../../deploy/instance-failed.ts';

/**
 * Waits for `entry` to be ready. `logOffset` is the size of its log file before this start, so
 * that a `log` check only sees this run's output.
 */
export async function waitStarted(api: SupervisorApi, entry: ManifestInstance, logs: ProgramLogs, logOffset: number, events: EventSink): Promise<void> {
  const { spec } = entry;
  const { logFile } = logs;
  const readiness = spec.readiness;
  const deadline = Date.now() + (readiness?.timeoutMs ?? runningTimeoutMs);
  const intervalMs = readiness?.intervalMs ?? 100;
  let lastReason = 'it has not started yet';
  let reportedBackoff = false;
  let upSince: { pid: number; at: number } | undefined;
  // supervisord may note the exit before it has written the program's last output: give the
  // output a moment to reach the log (when this run wrote any).
  const ended = async (info: Parameters<typeof failureReason>[0]) => {
    for (let waited = 0; waited < 2000 && (await fileSize(logFile)) <= logOffset; waited += 100) await sleep(100);
    await sleep(100);
    return failureReason((await api.processInfo(entry.name)) ?? info, logs);
  };
  const fail = async (reason: string): Promise<never> => {
    throw InstanceFailedError.of(entry.instance, reason, { hint: `See \`procform logs ${entry.instance}\` and \`procform status\`.` });
  };
  for (;;) {
    const info = await api.processInfo(entry.name);
    if (info === null) return fail('supervisord does not know its program');
    switch (info.state) {
      case PROCESS_STATE.FATAL:
        return fail(await ended(info));
      case PROCESS_STATE.STOPPED:
        // Never started yet: a supervisord that just started has not reached it (autostart goes by priority).
        if (info.start === 0) break;
        return fail('it was stopped while starting');
      case PROCESS_STATE.STOPPING:
        return fail('it was stopped while starting');
      case PROCESS_STATE.EXITED:
        // A program that is not restarted and finished well is done; otherwise supervisord restarts it.
        if (spec.restart.policy === 'no') {
          if (info.exitstatus === 0 && readiness === null) return;
          return fail(await ended(info));
        }
        break;
      case PROCESS_STATE.BACKOFF:
        if (!reportedBackoff) events({ kind: 'info', message: `${entry.instance}: ${await failureReason(info, logs)}; supervisord retries it` });
        reportedBackoff = true;
        break;
      case PROCESS_STATE.STARTING:
      case PROCESS_STATE.RUNNING: {
        if (readiness === null) {
          if (info.state !== PROCESS_STATE.RUNNING || (spec.foreground !== null && (await stillInWrapper(info.pid)))) break;
          // RUNNING means it ran startsecs, except where that is 0 (restart 'no', which supervisord
          // must not retry): then it counts once it has run MIN_UPTIME_MS here.
          if (spec.restart.policy !== 'no') return;
          if (upSince?.pid !== info.pid) upSince = { pid: info.pid, at: Date.now() };
          if (Date.now() - upSince.at >= MIN_UPTIME_MS) return;
          break;
        }
        const result = await probeOnce(readiness, { output: logFileOutput(logFile, { offset: logOffset }) }, Math.max(1, Math.min(5000, deadline - Date.now())));
        if (result.ready) return;
        lastReason = result.reason;
        break;
      }
    }
    if (Date.now() > deadline) {
      return fail(
        readiness === null
          ? `not RUNNING after ${runningTimeoutMs / 1000} s (${info.statename})`
          : new ReadinessTimeout(readiness, lastReason).message,
      );
    }
    await sleep(intervalMs);
  }
}

/** The size of a file now: where this run's output will start. */
export async function fileSize(file: string): Promise<number> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return 0;
  try {
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}
