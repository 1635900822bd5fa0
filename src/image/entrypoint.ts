// What a procform image runs under tini: deploy, wait to be stopped, stop everything, exit 0. It
// uses the same switch as `procform switch` (lock, order, readiness, accounts, generations), so that
// `docker exec C procform switch` later changes the same deployment and restarts only what changed.
//   immutable image: `procform image entrypoint <profile>` deploys the profile built into the image;
//   mutable image:   `procform image entrypoint` deploys the current generation if there is one
//                    (the container was restarted), else builds one from $PROCFORM_PROCESSES.
import { readdir, readFile, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareProfile } from '../build/build-profile.ts';
import { currentProfile, NothingDeployedError } from '../deploy/current-profile.ts';
import type { Deployment } from '../deploy/deployment.ts';
import { locateDeployment, readProfile } from '../deploy/deployment.ts';
import { formatEvent } from '../deploy/format-event.ts';
import { stopDeployment, switchProfile } from '../deploy/switch-profile.ts';
import type { DeployedProfile } from '../deploy/types.ts';
import { DEFAULT_PROCESS_MANAGER } from '../backends/registry.ts';
import { ProcformError } from '../errors.ts';
import { mountPointsIn } from '../fs/mountinfo.ts';

const log = (line: string) => process.stderr.write(`procform: ${line}\n`);
const events = (event: Parameters<typeof formatEvent>[0]) => log(formatEvent(event));

export async function runEntrypoint(profilePath: string | undefined): Promise<number> {
  let stopRequested: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stopRequested = resolve));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stopRequested(signal));

  const deployment = locateDeployment();
  let code = 0;
  try {
    const previous = await previousProfile(deployment);
    // A container start is a boot: nothing of the last run is running, whatever its PID files say.
    await clearRuntimeState(deployment, previous);
    const target: Target = profilePath === undefined ? (previous ?? (await firstGeneration(deployment))) : await readProfile(profilePath);
    const outcome = await switchProfile(deployment, { path: target.path, manifest: target.manifest }, events, {
      // What the last run started is stopped (a no-op) and started again.
      restart: previous ? target.manifest.startOrder : [],
      ...(target.write && { writeProfile: target.write }),
    });
    log(`${outcome.plan.start.length} instances running (${target.manifest.processManager}); waiting for SIGTERM`);
    if (outcome.accountsLeft) log(outcome.accountsLeft.message);
  } catch (error) {
    log(`deploying failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof ProcformError && error.hint) log(error.hint);
    code = 1;
    stopRequested('failure');
  }
  // Signal handlers alone do not keep Node's event loop alive.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const signal = await stopped;
  clearInterval(keepAlive);
  log(`${signal === 'failure' ? 'stopping what started' : `${signal}: stopping every instance`}, dependents first`);
  try {
    await stopDeployment(deployment, events);
  } catch (error) {
    log(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
  log('stopped');
  return code;
}

type Target = DeployedProfile & { write?: () => unknown };

async function previousProfile(deployment: Deployment): Promise<DeployedProfile | null> {
  try {
    return await currentProfile(deployment);
  } catch (error) {
    if (error instanceof NothingDeployedError) return null;
    throw error;
  }
}

/** A mutable image's first start: the model at $PROCFORM_PROCESSES, built into the container's store. */
async function firstGeneration(deployment: Deployment): Promise<Target> {
  const modelFile = process.env.PROCFORM_PROCESSES ?? '/etc/procform/processes.ts';
  log(`first start: building ${modelFile}`);
  const prepared = await prepareProfile({
    modelFile,
    processManager: process.env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_PROCESS_MANAGER,
    dirs: deployment.dirs,
    storeDir: deployment.storeDir,
  });
  return { path: prepared.path, manifest: prepared.manifest, write: () => prepared.evaluated.store.flush() };
}

async function clearRuntimeState(deployment: Deployment, previous: DeployedProfile | null): Promise<void> {
  // Its real path: mount points are listed under it (/run, where /var/run links).
  const runtimeDir = await realpath(deployment.dirs.runtimeDir).catch(() => deployment.dirs.runtimeDir);
  const entries = await readdir(runtimeDir).catch(() => []);
  // What the container runtime mounted there is not the last run's: podman's /run/.containerenv,
  // secrets. Removing it fails (EBUSY), or would empty a mounted folder.
  const mounts = mountPointsIn(await readFile('/proc/self/mountinfo', 'utf8').catch(() => ''));
  for (const entry of entries) {
    const path = join(runtimeDir, entry);
    if (mounts.some((mount) => mount === path || mount.startsWith(`${path}/`))) continue;
    await rm(path, { recursive: true, force: true });
  }
  for (const instance of Object.values(previous?.manifest.instances ?? {})) await rm(instance.spec.pidFile, { force: true });
}
