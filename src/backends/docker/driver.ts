// Deploys each instance as a container of its own (upstream's createDockerContainer and
// nixproc-docker-switch): stop and remove the containers the plan stops, dependents first; create
// (from the instance's own image, built and loaded once per store entry) and start those it starts,
// each once its dependencies are ready; start a kept container that is not running; leave every
// other container alone, with its ID and PID. docker supervises: restart, stop signal, logs.
import { spawn } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestInstance } from '../../build/manifest.ts';
import { controlEach } from '../../deploy/control-each.ts';
import { stopThenStart } from '../../deploy/stop-then-start.ts';
import type { Driver, EventSink } from '../../deploy/types.ts';
import { ProcformError } from '../../errors.ts';
import type { DeploymentDirs } from '../../model/types.ts';
import { waitUntilReady } from '../../readiness/wait-until-ready.ts';
import { containerIdentity, storeDirOf } from './container-names.ts';
import { containerOutput, containerStatus, exitReason, inspectContainer } from './container-state.ts';
import { createArgs } from './create-args.ts';
import { docker, DockerError, dockerOrThrow } from './docker-cli.ts';
import { ensureInstanceImage } from './instance-image.ts';
import type { DockerParams } from './params.ts';
import { readContainerParams } from './render.ts';

/** A container that did not start or become ready: names the instance, with its last output. */
export class ContainerStartError extends ProcformError {}

export const dockerDriver: Driver = {
  async apply(plan, profiles, events) {
    const dirs = profiles.new.manifest.dirs;
    const oldDirs = profiles.old?.manifest.dirs ?? dirs;
    const removedImages = new Set<string>();
    try {
      await stopThenStart(plan, profiles.new.manifest, events, {
        stop: async (entry) => {
          const image = await removeContainer(entry, oldDirs);
          if (image !== null) removedImages.add(image);
        },
        // A kept container is left alone while it runs; one that stopped (or is gone) is started again.
        shouldStart: async (entry, changed) => changed || (await inspectContainer(containerIdentity(dirs, entry).container))?.running !== true,
        start: (entry) => startContainer(entry, dirs, events),
        isOwnFailure: (error) => error instanceof ContainerStartError,
      });
    } finally {
      // The images of removed containers, once the new ones exist: docker refuses to remove one a
      // container uses (a restarted instance's, another deployment's), and it stays.
      for (const image of removedImages) await docker(['image', 'rm', image]);
    }
  },

  // docker stop and docker start of its own container; the others keep running.
  async control(profile, instances, action, events) {
    const { dirs } = profile.manifest;
    await controlEach(instances, action, events, {
      stop: async (entry) => {
        const { container } = containerIdentity(dirs, entry);
        const params = await paramsOf(entry);
        await mkdir(markerDir(dirs), { recursive: true });
        await writeFile(stoppedMarker(dirs, container), '');
        await dockerOrThrow(['stop', '--time', String(params.stopTimeoutSeconds), container], `instance "${entry.instance}": stopping its container`);
      },
      start: async (entry) => {
        if ((await inspectContainer(containerIdentity(dirs, entry).container))?.running !== true) await startContainer(entry, dirs, events);
      },
    });
  },

  async status(profile) {
    const { dirs, instances, startOrder } = profile.manifest;
    return Promise.all(
      startOrder.map(async (instance) => {
        const entry = instances[instance]!;
        const { container } = containerIdentity(dirs, entry);
        const stoppedByHand = await stat(stoppedMarker(dirs, container)).then(() => true, () => false);
        return containerStatus(entry, await paramsOf(entry), container, await inspectContainer(container), stoppedByHand);
      }),
    );
  },

  async logs(profile, entry, options, write) {
    const { container } = containerIdentity(profile.manifest.dirs, entry);
    // --since without -n means every line since then (Infinity): docker's `all`.
    const args = ['logs', '--tail', Number.isFinite(options.lines) ? String(options.lines) : 'all'];
    if (options.follow) args.push('--follow');
    if (options.timestamps) args.push('--timestamps');
    if (options.since !== undefined) args.push('--since', new Date(options.since).toISOString());
    await followDockerLogs([...args, container], options.signal, write);
  },
};

/** Creates the container (once per store entry) and starts it; returns once it is ready. */
async function startContainer(entry: ManifestInstance, dirs: DeploymentDirs, events: EventSink): Promise<void> {
  const identity = containerIdentity(dirs, entry);
  const params = await paramsOf(entry);
  const existing = await inspectContainer(identity.container);
  // A container of another store entry (an interrupted switch, a rollback): replace it.
  if (existing !== null && existing.storePath !== entry.storePath) {
    const image = await removeContainer(entry, dirs);
    if (image !== null) await docker(['image', 'rm', image]);
  }
  if (existing === null || existing.storePath !== entry.storePath) {
    events({ kind: 'info', message: `${entry.instance}: image ${identity.image}` });
    await ensureInstanceImage(entry, params, identity.image, storeDirOf(entry));
    for (const folder of params.volumes) await mkdir(folder, { recursive: true });
    await dockerOrThrow(createArgs(params, identity), `instance "${entry.instance}": creating its container`);
  }
  await rm(stoppedMarker(dirs, identity.container), { force: true });
  const fail = async (message: string) => {
    const output = (await containerOutput(identity.container, 15)()).trimEnd();
    return new ContainerStartError(`instance "${entry.instance}": ${message}${output ? `:\n${output}` : ''}`, {
      hint: `See \`procform logs ${entry.instance}\` (docker logs ${identity.container}).`,
    });
  };
  const started = await docker(['start', identity.container]);
  if (started.code !== 0) throw await fail(`docker start failed: ${started.stderr.trim()}`);
  if (params.readiness === null) return;
  const died = new AbortController();
  const watch = setInterval(() => {
    void inspectContainer(identity.container).then((state) => {
      if (state === null || (!state.running && !state.restarting)) died.abort();
    });
  }, 200);
  try {
    await waitUntilReady(params.readiness, { signal: died.signal, output: containerOutput(identity.container) });
  } catch (error) {
    const state = await inspectContainer(identity.container);
    if (died.signal.aborted && state !== null) throw await fail(`its container ${exitReason(state)} before it was ready`);
    throw await fail((error as Error).message);
  } finally {
    clearInterval(watch);
  }
}

/** docker stop (the stop signal, SIGKILL after the timeout) and docker rm; returns the container's image, for the caller to remove once unused. */
async function removeContainer(entry: ManifestInstance, dirs: DeploymentDirs): Promise<string | null> {
  const { container } = containerIdentity(dirs, entry);
  const state = await inspectContainer(container);
  await rm(stoppedMarker(dirs, container), { force: true });
  if (state === null) return null;
  const timeout = await paramsOf(entry).then((params) => params.stopTimeoutSeconds, () => 10);
  if (state.running || state.restarting) await dockerOrThrow(['stop', '--time', String(timeout), container], `instance "${entry.instance}": stopping its container`);
  await dockerOrThrow(['rm', '--force', container], `instance "${entry.instance}": removing its container`);
  return state.image;
}

function followDockerLogs(args: string[], signal: AbortSignal | undefined, write: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const abort = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    let errors = '';
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop()!;
        for (const line of lines) write(line);
        if (stream === child.stderr) errors = (errors + chunk.toString()).slice(-2000);
      });
      stream.on('end', () => partial && write(partial));
    }
    child.once('error', reject);
    child.once('close', (code) => {
      signal?.removeEventListener('abort', abort);
      if (code === 0 || signal?.aborted) resolve();
      else reject(new DockerError(`docker ${args.join(' ')} failed: ${errors.trim()}`));
    });
  });
}

async function paramsOf(entry: ManifestInstance): Promise<DockerParams> {
  return readContainerParams(entry.storePath).catch((error: unknown) => {
    throw new ProcformError(`instance "${entry.instance}": cannot read its container's parameters in ${entry.storePath}: ${(error as Error).message}`, {
      hint: 'Its store entry is gone or damaged. Remove its container by hand (docker rm -f), then switch again.',
      cause: error,
    });
  });
}

function markerDir(dirs: DeploymentDirs): string {
  return join(dirs.runtimeDir, 'procform-docker');
}

function stoppedMarker(dirs: DeploymentDirs, container: string): string {
  return join(markerDir(dirs), `${container}.stopped`);
}
