// What docker says about an instance's container (docker inspect), and the PID of the program in it
// as the host sees it.
import { readFileSync } from 'node:fs';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { InstanceStatus } from '../../deploy/types.ts';
import { explainExit } from '../../process/exit-reason.ts';
import { readPidFile } from '../../process/read-pid-file.ts';
import { probeOnce } from '../../readiness/probe.ts';
import { LABELS } from './container-names.ts';
import { docker } from './docker-cli.ts';
import type { DockerParams } from './params.ts';

export interface ContainerState {
  id: string;
  image: string;
  storePath: string | undefined;
  status: string;
  running: boolean;
  restarting: boolean;
  /** docker-init's PID on the host (the container's PID 1), 0 when not running. */
  pid: number;
  exitCode: number;
  error: string;
  startedAt: string;
  restartCount: number;
}

/** The container by name, or null when there is none. */
export async function inspectContainer(container: string): Promise<ContainerState | null> {
  const result = await docker(['container', 'inspect', '--format', '{{json .}}', container]);
  if (result.code !== 0) return null;
  const raw = JSON.parse(result.stdout) as {
    Id: string;
    Config: { Image: string; Labels: Record<string, string> | null };
    State: { Status: string; Running: boolean; Restarting: boolean; Pid: number; ExitCode: number; Error: string; StartedAt: string };
    RestartCount: number;
  };
  return {
    id: raw.Id,
    image: raw.Config.Image,
    storePath: raw.Config.Labels?.[LABELS.storePath],
    status: raw.State.Status,
    running: raw.State.Running && !raw.State.Restarting,
    restarting: raw.State.Restarting,
    pid: raw.State.Pid,
    exitCode: raw.State.ExitCode,
    error: raw.State.Error,
    startedAt: raw.State.StartedAt,
    restartCount: raw.RestartCount,
  };
}

/** The output so far (stdout and stderr), for `log` readiness and failure reports. */
export function containerOutput(container: string, tail?: number): () => Promise<string> {
  return async () => {
    const result = await docker(['logs', ...(tail === undefined ? [] : ['--tail', String(tail)]), container]);
    return `${result.stdout}${result.stderr}`;
  };
}

/**
 * The program's PID on the host: docker-init's child for a foreground program; for a daemon, the
 * process whose PID in the container is the one its PID file names (the file is on a volume).
 */
export async function programPid(initPid: number, params: DockerParams): Promise<number | null> {
  const descendants = descendantsOf(initPid);
  if (params.daemonPidFile === null) return descendants[0] ?? null;
  const inContainer = await readPidFile(params.daemonPidFile);
  const named = descendants.find((pid) => namespacePid(pid) === inContainer);
  // A PID file the host cannot read (not in a mounted folder): the daemon is the orphan docker-init
  // adopted, beside the foreground proxy, its first child.
  return named ?? readChildren(initPid).slice(1).at(-1) ?? null;
}

function descendantsOf(pid: number): number[] {
  const children = readChildren(pid);
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

function readChildren(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The innermost PID of a process (its PID in its container), from /proc/PID/status's NSpid. */
function namespacePid(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((each) => each.startsWith('NSpid:'));
    return line === undefined ? null : Number(line.trim().split(/\s+/).at(-1));
  } catch {
    return null;
  }
}

/** The shared status record from the container's state; `stopped` when `procform stop` stopped it. */
export async function containerStatus(entry: ManifestInstance, params: DockerParams, container: string, state: ContainerState | null, stoppedByHand: boolean): Promise<InstanceStatus> {
  const base = { instance: entry.instance, name: entry.name };
  if (state === null) return { ...base, state: 'failed', pid: null, startedAt: null, restarts: null, ready: false, reason: `its container ${container} is gone` };
  if (state.running) {
    const ready = params.readiness === null ? true : (await probeOnce(params.readiness, { output: containerOutput(container) })).ready;
    return { ...base, state: 'running', pid: await programPid(state.pid, params), startedAt: Date.parse(state.startedAt), restarts: state.restartCount, ready };
  }
  if (state.restarting) return { ...base, state: 'backoff', pid: null, startedAt: null, restarts: state.restartCount, ready: false };
  if (stoppedByHand || state.status === 'created') return { ...base, state: 'stopped', pid: null, startedAt: null, restarts: state.restartCount, ready: false };
  const output = (await containerOutput(container, 5)()).trimEnd();
  return { ...base, state: 'failed', pid: null, startedAt: null, restarts: state.restartCount, ready: false, reason: `${exitReason(state)}${output ? `\n${output}` : ''}` };
}

/** Why the container ended, in the words every backend uses (docker-init reports a signal as 128 + its number). */
export function exitReason(state: ContainerState): string {
  return state.error || explainExit(state.exitCode, null);
}
