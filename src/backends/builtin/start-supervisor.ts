import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { ProcformError } from '../../errors.ts';
import type { DeploymentDirs } from '../../model/types.ts';
import { hostTarget } from '../../target/host-target.ts';
import { nodeScriptCommand } from '../../target/build-target.ts';
import { NotRunning, sendRequest } from './supervisor/control-client.ts';
import { lastLines } from '../../logs/last-lines.ts';
import type { ControlPaths } from './supervisor/paths.ts';
import { controlPaths, supervisorLogFile } from './supervisor/paths.ts';
import { runningSupervisor } from './supervisor/lock.ts';
import { PROTOCOL_VERSION } from './supervisor/protocol.ts';

// The supervisor allocates little: a small young generation keeps its RSS down. No optimizing
// compiler (--no-opt): its code in the node binary, paged in once anything runs hot, is 4 MB of RSS
// (6 MB with 500 children); spawning and capturing logs cost the same CPU without it (the log
// writer's per-line work uses V8's builtins). (--lite-mode and --jitless save 2 MB more but
// interpret everything, and --jitless warns about WebAssembly on every start.)
const nodeFlags = ['--max-semi-space-size=1', '--no-opt'];
const startTimeoutMs = 15_000;

/** Whether a supervisor answers on the socket; throws when one of another protocol version does. */
export async function supervisorRunning(paths: ControlPaths): Promise<boolean> {
  try {
    const answer = await sendRequest(paths.socket, { op: 'ping' });
    if (answer.kind === 'pong' && answer.version !== PROTOCOL_VERSION) {
      throw new ProcformError(`the supervisor running for this state folder (PID ${answer.pid}) speaks protocol ${answer.version}, this procform ${PROTOCOL_VERSION}`, {
        hint: 'Stop it with the procform that started it (procform down), then deploy again.',
      });
    }
    return true;
  } catch (error) {
    if (error instanceof NotRunning) return false;
    throw error;
  }
}

/** A supervisor this command spawned, until it answers. */
interface Spawned {
  child: ChildProcess;
  logFile: string;
  exitCode: number | null;
}

/** Supervisors started ahead of a switch (startSupervisorEarly), by runtime folder. */
const early = new Map<string, Spawned>();

/**
 * Starts the deployment's supervisor unless one runs: detached (it outlives this command), its
 * output appended to procform-builtin.log in logDir. It raises its open-files limit to the hard
 * limit (500 children hold 500 pipes) and hands children the limit it had before.
 */
export async function ensureSupervisor(dirs: DeploymentDirs): Promise<ControlPaths> {
  const paths = controlPaths(dirs.runtimeDir);
  const started = early.get(dirs.runtimeDir);
  if (started) {
    early.delete(dirs.runtimeDir);
    if (await waitUntilAnswering(paths, started).catch(() => false)) return paths;
  }
  if (await supervisorRunning(paths)) return paths;
  const spawned = spawnSupervisor(dirs, false);
  if (await waitUntilAnswering(paths, spawned)) return paths;
  throw new ProcformError(
    `the supervisor did not start${spawned.exitCode === null ? ` within ${startTimeoutMs / 1000}s` : ` (exit code ${spawned.exitCode})`}; last lines of ${spawned.logFile}:\n${lastLines(spawned.logFile, 10).join('\n')}`,
  );
}

/**
 * Starts the supervisor at the beginning of a switch, when none runs for `dirs`, so that Node's
 * start and the supervisor's module loading use the second CPU while this command loads and
 * builds the model; `ensureSupervisor` then finds it. Synchronous (the build that follows keeps the
 * event loop busy) and silent: anything that goes wrong here is found and reported by
 * `ensureSupervisor`. The supervisor is told it was started early, by this process: if this process
 * ends before it asked for a deployment (its model failed, it was refused, Ctrl-C), it exits.
 */
export function startSupervisorEarly(dirs: DeploymentDirs): void {
  try {
    const paths = controlPaths(dirs.runtimeDir);
    if (early.has(dirs.runtimeDir) || runningSupervisor(paths.pidFile) !== null) return;
    const spawned = spawnSupervisor(dirs, true);
    early.set(dirs.runtimeDir, spawned);
  } catch {
    // ensureSupervisor tries again, and says what fails.
  }
}

function spawnSupervisor(dirs: DeploymentDirs, startedEarly: boolean): Spawned {
  const [node, main] = nodeScriptCommand(hostTarget().procformRuntime(), 'src/backends/builtin/supervisor/main.js');
  if (!existsSync(main)) throw new ProcformError(`the supervisor is not built: ${main} is missing`, { hint: 'Run npm run build in the procform package.' });
  mkdirSync(dirs.logDir, { recursive: true });
  const logFile = supervisorLogFile(dirs.logDir);
  const fd = openSync(logFile, 'a', 0o640);
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      'PROCFORM_CHILD_NOFILE=$(ulimit -n); export PROCFORM_CHILD_NOFILE; ulimit -n "$(ulimit -H -n)" 2>/dev/null; exec "$@"',
      'procform-supervisor',
      node,
      ...nodeFlags,
      ...profilingFlags(),
      main,
      '--runtime-dir',
      dirs.runtimeDir,
      ...(startedEarly ? ['--started-early', String(process.pid)] : []),
    ],
    { detached: true, stdio: ['ignore', fd, fd], cwd: '/', env: supervisorEnv() },
  );
  closeSync(fd);
  child.unref();
  const spawned: Spawned = { child, logFile, exitCode: null };
  child.once('exit', (code) => (spawned.exitCode = code ?? 1));
  return spawned;
}

/** Whether the supervisor answers before the start timeout; false once it exited with an error. */
async function waitUntilAnswering(paths: ControlPaths, spawned: Spawned): Promise<boolean> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (await supervisorRunning(paths)) return true;
    // Exit code 0: another supervisor took the lock first; it will answer.
    if (spawned.exitCode !== null && spawned.exitCode !== 0) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

/**
 * This command's environment without NODE_EXTRA_CA_CERTS. Node reads that certificate bundle at
 * every start, before any code runs: on a machine that sets it to the system bundle (220 KB), a
 * `node -e 0` counts 499 M instructions instead of 83 M (callgrind), and the supervisor's start is
 * on the way of every cold switch. The supervisor checks no certificate (http readiness accepts
 * any) and hands its own environment to no child (launcher.ts builds theirs).
 */
function supervisorEnv(): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _readAtEveryStart, ...env } = process.env;
  return env;
}

/**
 * PROCFORM_SUPERVISOR_CPU_PROF=DIR: the supervisor writes a V8 CPU profile into DIR when it exits
 * (NODE_OPTIONS does not allow --cpu-prof). For measuring its start; see docs/builtin.md.
 */
function profilingFlags(): string[] {
  const dir = process.env.PROCFORM_SUPERVISOR_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250'] : [];
}
