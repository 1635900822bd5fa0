// The supervisord calls the driver uses, typed, with the faults that mean "already so" turned into
// no-ops: stopping what does not run, removing what is gone, adding what is there.
import { setTimeout as sleep } from 'node:timers/promises';
import { FAULT, SupervisordError, SupervisordFault } from './errors.ts';
import { callSupervisor } from './supervisor-rpc.ts';

/** supervisor.states.ProcessStates. */
export const PROCESS_STATE = {
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
} as const;

/** What getProcessInfo returns (times in seconds since the epoch). */
export interface ProcessInfo {
  name: string;
  group: string;
  state: number;
  statename: string;
  pid: number;
  start: number;
  stop: number;
  now: number;
  exitstatus: number;
  spawnerr: string;
  description: string;
  stdout_logfile: string;
}

const stoppedStates: readonly number[] = [PROCESS_STATE.STOPPED, PROCESS_STATE.EXITED, PROCESS_STATE.FATAL];

const tolerate = async <T>(call: Promise<T>, codes: number[]): Promise<T | null> => {
  try {
    return await call;
  } catch (error) {
    if (error instanceof SupervisordFault && codes.includes(error.code)) return null;
    throw error;
  }
};

export function supervisorApi(socket: string) {
  const call = callSupervisor.bind(null, socket);
  return {
    /** The supervisord's PID: answers once it is up. */
    getPid: async (timeoutMs?: number) => Number(await call('supervisor.getPID', [], timeoutMs)),
    processInfo: async (name: string): Promise<ProcessInfo | null> =>
      (await tolerate(call('supervisor.getProcessInfo', [name]), [FAULT.BAD_NAME])) as ProcessInfo | null,
    allProcessInfo: async (): Promise<ProcessInfo[]> => (await call('supervisor.getAllProcessInfo')) as unknown as ProcessInfo[],
    /** Re-reads the configuration (supervisorctl reread); the groups whose configuration was added, changed or removed. */
    reloadConfig: async (): Promise<{ added: string[]; changed: string[]; removed: string[] }> => {
      const [[added, changed, removed]] = (await call('supervisor.reloadConfig')) as unknown as [[string[], string[], string[]]];
      return { added, changed, removed };
    },
    /** Makes a group of the (re-read) configuration live; supervisord starts it at once when autostart is set. */
    addGroup: async (name: string) => void (await tolerate(call('supervisor.addProcessGroup', [name]), [FAULT.ALREADY_ADDED])),
    removeGroup: async (name: string) => void (await tolerate(call('supervisor.removeProcessGroup', [name]), [FAULT.BAD_NAME])),
    /**
     * Stops a group and waits until it is stopped. Not with supervisord's own wait, which answers
     * only on its next one-second tick: the state is polled instead.
     */
    stopGroup: async (name: string, timeoutMs: number) => {
      if ((await tolerate(call('supervisor.stopProcessGroup', [name, false]), [FAULT.BAD_NAME, FAULT.NOT_RUNNING])) === null) return;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const info = (await tolerate(call('supervisor.getProcessInfo', [name]), [FAULT.BAD_NAME])) as ProcessInfo | null;
        if (info === null || stoppedStates.includes(info.state)) return;
        if (Date.now() > deadline) throw new SupervisordError(`supervisord did not stop ${name} within ${timeoutMs} ms (${info.statename})`);
        await sleep(25);
      }
    },
    /** Starts without waiting for startsecs: the driver watches the state and the readiness check itself. */
    startProcess: async (name: string) => void (await tolerate(call('supervisor.startProcess', [name, false]), [FAULT.ALREADY_STARTED])),
    shutdown: async () => void (await call('supervisor.shutdown')),
  };
}

export type SupervisorApi = ReturnType<typeof supervisorApi>;
