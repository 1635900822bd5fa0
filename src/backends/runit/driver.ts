// Deploys to the deployment's own runsvdir, driven with `sv -w`. Every service folder has a `down`
// file, so runsv starts nothing by itself: the switch stops what the plan stops (dependents first),
// links new service folders into the scan folder (waiting for runsvdir to pick each up: it scans
// about once a second), and starts with `sv -w up` what is new, changed, or kept but not running, each
// once its dependencies are ready (`sv -w up` waits for the service's ./check). Nothing else is touched.
import { controlEach } from '../../deploy/control-each.ts';
import { mkdir, readdir, readlink, rename, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { Driver, EventSink } from '../../deploy/types.ts';
import { maxConcurrentStarts } from '../../deploy/max-concurrent-starts.ts';
import { runInOrder } from '../../deploy/run-in-order.ts';
import { throwFirstFailure } from '../../deploy/throw-first-failure.ts';
import { dependentsWithin } from '../../graph/dependency-graph.ts';
import { writeLogDir } from '../../logs/log-dir.ts';
import { InstanceFailedError, withLastLines } from '../../deploy/instance-failed.ts';
import type { DeploymentDirs } from '../../model/types.ts';
import { endLeftoverCommands } from '../../process/leftover-commands.ts';
import { resetServiceRecord } from '../../runtime/service-dir/service-state.ts';
import { watchServiceStart } from '../../runtime/service-dir/watch-service-start.ts';
import { instanceStatus } from './instance-status.ts';
import { WRAPPER_STOP_MARGIN_MS } from './lower.ts';
import type { RunitPaths } from './paths.ts';
import { runitPaths, serviceFolder, serviceStateDir, superviseDir, svlogdDir } from './paths.ts';
import { runningRunsvdir, startRunsvdir, stopRunsvdir } from './runsvdir.ts';
import { isLeftoverWait, RunitError, sv, svStatus } from './sv.ts';

/** How long runsvdir may take to start a runsv for a new link (it scans about once a second). */
const pickUpTimeoutMs = 15_000;
const upTimeoutSeconds = 60;

export const runitDriver: Driver = {
  async apply(plan, profiles, events) {
    const { manifest } = profiles.new;
    const { dirs } = manifest;
    const paths = runitPaths(dirs);
    const entries = manifest.startOrder.map((instance) => manifest.instances[instance]!);
    await endLeftoverWaits(paths, events);
    if ((await runningRunsvdir(paths)) === null) {
      if (entries.length === 0) return;
      events({ kind: 'info', message: `starting runsvdir (${paths.scanDir})` });
      await startRunsvdir(paths);
    }
    const targets = new Map(entries.map((entry) => [entry.name, join(entry.storePath, serviceFolder(entry.name))]));

    const dependents = dependentsWithin(new Map(plan.stop.map((entry) => [entry.instance, entry.dependencies])));
    const stopped = await runInOrder(
      plan.stop.map((entry) => ({
        key: entry.instance,
        after: dependents.get(entry.instance) ?? [],
        limited: false,
        run: async () => {
          events({ kind: 'stopping', instance: entry.instance });
          await stopService(entry, paths);
          // Another service folder (changed) or none (removed): its runsv goes with the link.
          if (targets.get(entry.name) !== join(entry.storePath, serviceFolder(entry.name))) await unlinkService(entry.name, paths);
          events({ kind: 'stopped', instance: entry.instance });
        },
      })),
      Number.MAX_SAFE_INTEGER,
    );
    throwFirstFailure(plan.stop.map((entry) => entry.instance), stopped, events, () => true);

    // Every link at once, so that runsvdir picks them all up in one scan rather than one a second.
    await Promise.all(entries.map((entry) => linkService(entry, targets.get(entry.name)!, paths, dirs)));
    const starting = new Set(plan.start.map((entry) => entry.instance));
    const started = await runInOrder(
      entries.map((entry) => ({
        key: entry.instance,
        after: entry.dependencies,
        limited: true,
        run: async () => {
          const dir = join(paths.scanDir, entry.name);
          if (!starting.has(entry.instance) && (await svStatus(dir)).state === 'run') return;
          events({ kind: 'starting', instance: entry.instance });
          await startService(entry, dir, dirs, events);
          events({ kind: entry.spec.readiness === null ? 'started' : 'ready', instance: entry.instance });
        },
      })),
      maxConcurrentStarts(),
    );
    throwFirstFailure(manifest.startOrder, started, events);
  },

  // sv force-stop and sv -w up of its own service folder (the down file keeps runsv from starting
  // it by itself); the services that depend on it keep running.
  async control(profile, instances, action, events) {
    const { dirs } = profile.manifest;
    const paths = runitPaths(dirs);
    await endLeftoverWaits(paths, events);
    await controlEach(instances, action, events, {
      stop: (entry) => stopService(entry, paths),
      start: async (entry) => {
        const dir = join(paths.scanDir, entry.name);
        if ((await svStatus(dir)).state !== 'run') await startService(entry, dir, dirs, events);
      },
    });
  },

  async status(profile) {
    const { dirs, instances, startOrder } = profile.manifest;
    const paths = runitPaths(dirs);
    const running = (await runningRunsvdir(paths)) !== null;
    return Promise.all(startOrder.map((instance) => instanceStatus(instances[instance]!, dirs, paths, running)));
  },

  async logs(profile, entry, options, write) {
    await writeLogDir(svlogdDir(profile.manifest.dirs, entry.name), options, write);
  },

  async stopManager(profile) {
    const paths = runitPaths(profile.manifest.dirs);
    const pid = await runningRunsvdir(paths);
    if (pid === null) return;
    const names = (await readdir(paths.scanDir).catch(() => [] as string[])).filter((name) => !name.startsWith('.'));
    // Every runsv exits once its service is down (they are: `down` stopped them), also one a crashed
    // runsvdir left behind, which runsvdir's SIGHUP would not reach.
    for (const name of names) await sv(['exit', join(paths.scanDir, name), join(paths.scanDir, name, 'log')]);
    await stopRunsvdir(paths, pid);
    // runsvdir ends at once; each runsv stops its service and logger, then ends.
    for (const name of names) {
      await waitFor(async () => (await svStatus(join(paths.scanDir, name))).state === null, 30_000, `runsv of ${name} to end`);
      await unlink(join(paths.scanDir, name)).catch(() => undefined);
    }
  },
};

/** Ends the `sv -w` commands a killed procform left waiting, before they probe what this command stops and starts. */
async function endLeftoverWaits(paths: RunitPaths, events: EventSink): Promise<void> {
  const ended = await endLeftoverCommands((argv) => isLeftoverWait(argv, paths.scanDir));
  if (ended.length > 0) events({ kind: 'info', message: `ended ${ended.length} sv -w command(s) an interrupted procform left waiting (PID ${ended.join(', ')})` });
}

/** The stop signal (runsv's TERM, or control/t's), SIGKILL after the stop timeout, and the finish script done. */
async function stopService(entry: ManifestInstance, paths: RunitPaths): Promise<void> {
  const dir = join(paths.scanDir, entry.name);
  if ((await svStatus(dir)).state === null) return;
  const wrapped = entry.spec.foreground === null || entry.spec.log.timestamps;
  const seconds = Math.max(1, Math.ceil((entry.spec.stop.timeoutMs + (wrapped ? WRAPPER_STOP_MARGIN_MS : 0)) / 1000));
  await sv(['-w', String(seconds), 'force-stop', dir]);
  await waitFor(async () => (await svStatus(dir)).state !== 'run' && (await svStatus(dir)).state !== 'finish', 30_000, `${entry.instance} to stop`);
}

/** Links the service folder into the scan folder and waits until runsvdir has started its runsv. */
async function linkService(entry: ManifestInstance, target: string, paths: RunitPaths, dirs: DeploymentDirs): Promise<string> {
  const link = join(paths.scanDir, entry.name);
  await mkdir(superviseDir(dirs, entry.name), { recursive: true });
  await mkdir(superviseDir(dirs, `${entry.name}-log`), { recursive: true });
  if ((await readlink(link).catch(() => null)) !== target) {
    // runsvdir skips names beginning with a dot: the link appears whole, under its name.
    const temporary = join(paths.scanDir, `.${entry.name}.new`);
    await unlink(temporary).catch(() => undefined);
    await symlink(target, temporary);
    await rename(temporary, link);
  }
  await waitFor(async () => (await svStatus(link)).state !== null, pickUpTimeoutMs, `runsvdir to pick up ${entry.name} (${link})`);
  return link;
}

/**
 * Removes a service's link and stops its runsv (and logger). The link goes first: runsvdir starts a
 * runsv again for every link whose runsv ended, at its next scan (within a second), so an `sv exit`
 * through a link still there was undone unless the wait below happened to look in that gap, and it
 * then waited 30 s for a fresh runsv that had no reason to end. Without the link, runsvdir itself
 * sends the runsv a TERM at its next scan; `sv exit` (through the service folder, which the link
 * led to) only makes it sooner.
 */
async function unlinkService(name: string, paths: RunitPaths): Promise<void> {
  const link = join(paths.scanDir, name);
  const folder = await readlink(link).catch(() => null);
  await unlink(link).catch(() => undefined);
  if (folder === null || (await svStatus(folder)).state === null) return;
  await sv(['exit', folder]);
  await waitFor(async () => (await svStatus(folder)).state === null, 30_000, `the runsv of ${name} to end`);
}

async function startService(entry: ManifestInstance, dir: string, dirs: DeploymentDirs, events: EventSink): Promise<void> {
  const stateDir = serviceStateDir(dirs, entry.name);
  const logFile = join(svlogdDir(dirs, entry.name), 'current');
  await resetServiceRecord(stateDir);
  // With a readiness check, `sv -w up` waits for ./check to pass; without one, `sv up` returns at once
  // and the start rule is watched below (`sv -w up` would wait for good on a crash loop that runsv gave up).
  const readiness = entry.spec.readiness;
  const command = readiness === null ? ['up', dir] : ['-w', String(Math.ceil(readiness.timeoutMs / 1000) + 30), 'up', dir];
  let result = await sv(command);
  // A runsv that was replaced just now (the link moved to another service folder) may be gone before
  // runsvdir's next scan starts its successor: wait for that one, and ask it.
  for (let attempt = 0; attempt < 3 && result.code !== 0 && result.stdout.includes('runsv not running'); attempt += 1) {
    await waitFor(async () => (await svStatus(dir)).state !== null, pickUpTimeoutMs, `runsvdir to start the runsv of ${entry.name} again`);
    result = await sv(command);
  }
  if (result.code !== 0) throw InstanceFailedError.of(entry.instance, withLastLines(`sv ${command.slice(0, -1).join(' ')}: ${`${result.stdout}${result.stderr}`.trim()}`, logFile));
  if (readiness !== null) return;
  await watchServiceStart(
    {
      entry,
      stateDir,
      logFile,
      manager: 'runsv',
      timeoutMs: upTimeoutSeconds * 1000,
      runningPid: async () => {
        const status = await svStatus(dir);
        return status.state === 'run' ? status.pid : null;
      },
    },
    events,
  );
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new RunitError(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(50);
  }
}
