import { spawn } from 'node:child_process';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ManifestInstance } from '../../build/manifest.ts';
import { LOG_FILE_MODE } from '../../logs/log-file-mode.ts';
import { isRunning } from '../../process/proc-stat.ts';
import { readPidFile } from '../../process/read-pid-file.ts';
import { scriptEnvironment } from '../../process/script-environment.ts';
import { logFileOutput } from '../../readiness/log-output.ts';
import { waitUntilReady } from '../../readiness/wait-until-ready.ts';
import { ProcessActivationError } from './errors.ts';
import type { DisnixInstanceInfo } from './instance-info.ts';
import { stopByPidFile } from './stop-by-pid-file.ts';

/** How long a wrapper may take to detach, and a daemon to write its PID file after that. */
const detachTimeoutMs = 60_000;
const pidFileTimeoutMs = 10_000;

/**
 * Activates a process as Dysnomia's process module does: runs its wrapper, which returns once the
 * daemon detached; then waits until the PID file names a running process and its readiness check
 * passes (failing at once when the process dies first). What the wrapper prints goes to the log.
 */
export async function startProcess(entry: ManifestInstance, info: DisnixInstanceInfo): Promise<void> {
  const fail = (message: string, options: { output?: string; hint?: string } = {}) =>
    new ProcessActivationError(entry.instance, message, { ...options, logFile: info.logFile });
  // A stale PID file (a crash): clear it, with any orphan left in its process group.
  if (!(await stopByPidFile(stopOf(info)))) throw fail(`what ${info.pidFile} names survived SIGKILL`);
  await mkdir(dirname(info.pidFile), { recursive: true });
  const logFile = info.logFile ?? '/dev/null';
  if (info.logFile !== null) await mkdir(dirname(info.logFile), { recursive: true });
  const log = await open(logFile, 'a', LOG_FILE_MODE);
  const offset = info.logFile === null ? 0 : (await log.stat()).size;
  const since = () => (info.logFile === null ? '' : lastLinesSince(info.logFile, offset));
  let exit: { code: number | null; signal: string | null };
  try {
    // A session of its own: a daemon that does not call setsid stays in the wrapper's process group, which stop reaches.
    const wrapper = spawn(join(entry.storePath, info.process), [], { env: scriptEnvironment(), stdio: ['ignore', log.fd, log.fd], detached: true });
    exit = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ code: null, signal: 'timeout' }), detachTimeoutMs);
      wrapper.once('error', reject);
      wrapper.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal });
      });
    });
  } finally {
    await log.close();
  }
  if (exit.signal === 'timeout') {
    throw fail(`its process wrapper did not return within ${detachTimeoutMs / 1000} s`, {
      output: await since(),
      hint: 'A `daemon` must fork, detach and exit; a program that stays in the foreground is a `foregroundProcess`.',
    });
  }
  if (exit.code !== 0) throw fail(`its process wrapper ${exit.code === null ? `was killed by ${exit.signal}` : `exited ${exit.code}`}`, { output: await since() });

  const deadline = Date.now() + pidFileTimeoutMs;
  let pid = await readPidFile(info.pidFile);
  while (pid === null || !isRunning(pid)) {
    if (pid !== null) throw fail(`its process (PID ${pid}, from ${info.pidFile}) exited`, { output: await since() });
    if (Date.now() >= deadline) throw fail(`no running process in ${info.pidFile} ${pidFileTimeoutMs / 1000} s after its wrapper returned`, { output: await since() });
    await new Promise((resolve) => setTimeout(resolve, 50));
    pid = await readPidFile(info.pidFile);
  }
  if (info.readiness === null) return;

  const died = new AbortController();
  const watch = setInterval(() => {
    void readPidFile(info.pidFile).then((current) => {
      if (current === null || !isRunning(current)) died.abort();
    });
  }, 50);
  try {
    await waitUntilReady(info.readiness, {
      signal: died.signal,
      ...(info.logFile !== null && { output: logFileOutput(info.logFile, { offset, timestamps: info.timestamps }) }),
    });
  } catch (error) {
    if (died.signal.aborted) throw fail('its process exited before it was ready', { output: await since() });
    throw fail((error as Error).message, { output: await since() });
  } finally {
    clearInterval(watch);
  }
}

/** Deactivates a process: its stop signal to what its PID file names, SIGKILL after its timeout. */
export async function stopProcess(entry: ManifestInstance, info: DisnixInstanceInfo): Promise<void> {
  if (!(await stopByPidFile(stopOf(info)))) {
    throw new ProcessActivationError(entry.instance, `what ${info.pidFile} names survived SIGKILL`, { logFile: info.logFile });
  }
  // procform-daemonize removes its status file when it ends cleanly; a failed run leaves one behind.
  if (info.daemonizeStatusFile !== null) await rm(info.daemonizeStatusFile, { force: true });
}

function stopOf(info: DisnixInstanceInfo) {
  return { pidFile: info.pidFile, signal: info.stopSignal, timeoutMs: info.stopTimeoutMs, forwards: info.forwardsStop };
}

/** The output since `offset`, at most its last 20 lines. */
async function lastLinesSince(file: string, offset: number): Promise<string> {
  return (await logFileOutput(file, { offset })()).trimEnd().split('\n').slice(-20).join('\n');
}
