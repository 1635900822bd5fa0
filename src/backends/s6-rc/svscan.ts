// The deployment's own s6-svscan: started in the background by the first switch (never the host's
// /run/service), stopped by `down` once nothing runs under it.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, readlink, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRunning } from '../../process/proc-stat.ts';
import { managerProcess } from '../../process/pid-file-process.ts';
import { scriptEnvironment } from '../../process/script-environment.ts';
import type { S6RcPaths } from './paths.ts';
import { S6RcError, s6Program, s6Try } from './s6-tools.ts';

const startTimeoutMs = 20_000;

/** The PID of the s6-svscan the driver started, when it still runs. */
export async function runningSvscan(paths: S6RcPaths): Promise<number | null> {
  return managerProcess(paths.svscanPidFile, 's6-svscan', [paths.scanDir]);
}

/** Starts s6-svscan on the scan folder and waits until it takes commands. */
export async function startSvscan(paths: S6RcPaths): Promise<number> {
  await mkdir(paths.scanDir, { recursive: true });
  await mkdir(dirname(paths.svscanLog), { recursive: true });
  await removeDanglingLinks(paths.scanDir);
  const output = await open(paths.svscanLog, 'a', 0o640);
  const child = spawn(s6Program('s6-svscan'), [paths.scanDir], { detached: true, stdio: ['ignore', output.fd, output.fd], cwd: '/', env: scriptEnvironment() });
  // At once: a switch killed from here on leaves an s6-svscan the next one finds.
  writeFileSync(paths.svscanPidFile, `${child.pid}\n`);
  await output.close();
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = signal ?? `exit code ${code}`));
  child.once('error', (error) => (exited = error.message));
  child.unref();
  const deadline = Date.now() + startTimeoutMs;
  // s6-svscanctl succeeds once s6-svscan reads its control pipe.
  while ((await s6Try('s6-svscanctl', ['-a', paths.scanDir])).code !== 0) {
    if (exited !== null || Date.now() > deadline) {
      const log = (await readFile(paths.svscanLog, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join('\n');
      throw new S6RcError(`s6-svscan ${exited === null ? `did not take commands within ${startTimeoutMs / 1000} s` : `ended (${exited})`}${log ? `:\n${log}` : ''}`, {
        hint: `Its scan folder is ${paths.scanDir}; its output ${paths.svscanLog}.`,
      });
    }
    await sleep(20);
  }
  return child.pid!;
}

/** Tells s6-svscan to stop its supervisors and end, waits for it, and forgets the live state. */
export async function stopSvscan(paths: S6RcPaths, pid: number): Promise<void> {
  // Every s6-supervise exits once its service is down, also one a crashed s6-svscan left behind.
  for (const name of await readdir(paths.scanDir).catch(() => [] as string[])) {
    if (!name.startsWith('.')) await s6Try('s6-svc', ['-x', join(paths.scanDir, name)]);
  }
  await s6Try('s6-svscanctl', ['-t', paths.scanDir]);
  const deadline = Date.now() + 30_000;
  while (isRunning(pid)) {
    if (Date.now() > deadline) throw new S6RcError(`s6-svscan (PID ${pid}) did not stop within 30 s`, { hint: `See ${paths.svscanLog}.` });
    await sleep(50);
  }
  await forgetLive(paths);
  await rm(paths.svscanPidFile, { force: true });
}

/** Removes s6-rc's live state (a link to a folder beside it): the next switch starts with s6-rc-init. */
export async function forgetLive(paths: S6RcPaths): Promise<void> {
  const target = await readlink(paths.liveDir).catch(() => null);
  if (target !== null) await rm(join(dirname(paths.liveDir), target), { recursive: true, force: true });
  await rm(paths.liveDir, { recursive: true, force: true });
  await removeDanglingLinks(paths.scanDir, paths.liveDir);
}

/**
 * Links s6-rc-init made in the scan folder that lead nowhere any more (or into a live folder being
 * forgotten), and their supervisors: a fresh s6-rc-init makes them again.
 */
async function removeDanglingLinks(scanDir: string, liveDir?: string): Promise<void> {
  let removed = false;
  for (const name of await readdir(scanDir).catch(() => [] as string[])) {
    const path = join(scanDir, name);
    if (!(await lstat(path)).isSymbolicLink()) continue;
    const target = await readlink(path);
    if ((liveDir !== undefined && target.startsWith(`${liveDir}/`)) || (await lstat(join(path, '.')).catch(() => null)) === null) {
      await unlink(path);
      removed = true;
    }
  }
  // -an: rescan now, and stop the supervisors of services that are gone.
  if (removed) await s6Try('s6-svscanctl', ['-an', scanDir]);
}
