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

/**
 * Starts the deployment's supervisor unless one runs: detached (it outlives this command), its
 * output appended to procform-builtin.log in logDir. It raises its open-files limit to the hard
 * limit (500 children hold 500 pipes) and hands children the limit it had before.
 */
export async function ensureSupervisor(dirs: DeploymentDirs): Promise<ControlPaths> {
  const paths = controlPaths(dirs.runtimeDir);
  if (await supervisorRunning(paths)) return paths;
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
      main,
      '--runtime-dir',
      dirs.runtimeDir,
    ],
    { detached: true, stdio: ['ignore', fd, fd], cwd: '/' },
  );
  closeSync(fd);
  child.unref();
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code ?? 1));
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (await supervisorRunning(paths)) return paths;
    // Exit code 0: another supervisor took the lock first; it will answer.
    if (exitCode !== null && exitCode !== 0) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new ProcformError(
    `the supervisor did not start${exitCode === null ? ` within ${startTimeoutMs / 1000}s` : ` (exit code ${exitCode})`}; last lines of ${logFile}:\n${lastLines(logFile, 10).join('\n')}`,
  );
}
