// The deployment's own runsvdir: started in the background by the first switch (never the host's
// /etc/service), stopped by `down` once nothing runs under it.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRunning } from '../../process/proc-stat.ts';
import { managerProcess } from '../../process/pid-file-process.ts';
import { scriptEnvironment } from '../../process/script-environment.ts';
import type { RunitPaths } from './paths.ts';
import { RunitError, runitProgram } from './sv.ts';

/** The PID of the runsvdir the driver started, when it still runs. */
export async function runningRunsvdir(paths: RunitPaths): Promise<number | null> {
  return managerProcess(paths.runsvdirPidFile, 'runsvdir', ['-P', paths.scanDir]);
}

/** Starts runsvdir on the scan folder (it starts a runsv for every service folder linked there). */
export async function startRunsvdir(paths: RunitPaths): Promise<number> {
  await mkdir(paths.scanDir, { recursive: true });
  await mkdir(dirname(paths.runsvdirLog), { recursive: true });
  const output = await open(paths.runsvdirLog, 'a', 0o640);
  // -P: each runsv in a session of its own, so that a signal to one service's group reaches no other.
  const child = spawn(runitProgram('runsvdir'), ['-P', paths.scanDir], { detached: true, stdio: ['ignore', output.fd, output.fd], cwd: '/', env: scriptEnvironment() });
  // At once: a switch killed from here on leaves a runsvdir the next one finds.
  writeFileSync(paths.runsvdirPidFile, `${child.pid}\n`);
  await output.close();
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`));
    child.once('error', (error) => resolve(error.message));
  });
  child.unref();
  // It has nothing to answer: it only must not have failed at once (a bad folder, a missing program).
  const outcome = await Promise.race([exited, sleep(50).then(() => null)]);
  if (outcome !== null) throw new RunitError(`runsvdir ended at once (${outcome})`, { hint: `See ${paths.runsvdirLog}.` });
  return child.pid!;
}

/** runsvdir on SIGHUP sends every runsv a TERM, which stops its service and logger, and ends. */
export async function stopRunsvdir(paths: RunitPaths, pid: number): Promise<void> {
  process.kill(pid, 'SIGHUP');
  const deadline = Date.now() + 30_000;
  while (isRunning(pid)) {
    if (Date.now() > deadline) throw new RunitError(`runsvdir (PID ${pid}) did not stop within 30 s`, { hint: `See ${paths.runsvdirLog}.` });
    await sleep(50);
  }
  await rm(paths.runsvdirPidFile, { force: true });
}
