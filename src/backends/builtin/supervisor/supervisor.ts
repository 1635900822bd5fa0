import type { Manifest, ManifestInstance } from '../../../build/manifest.ts';
import { readManifest } from '../../../build/manifest.ts';
import type { DeployEvent, InstanceStatus } from '../../../deploy/types.ts';
import type { SupervisorEvent } from './events.ts';
import type { InstanceConfig } from './instance-config.ts';
import { readInstanceConfig } from './instance-config.ts';
import type { InstanceHost } from './managed-instance.ts';
import { ManagedInstance } from './managed-instance.ts';
import type { Request } from './protocol.ts';
import { runInOrder } from '../../../deploy/run-in-order.ts';
import { dependentsWithin } from '../../../graph/dependency-graph.ts';
import { forgetAccounts } from '../../../runtime/user-account.ts';

type ApplyRequest = Extract<Request, { op: 'apply' }>;

/** An apply that did not fully succeed: which instances failed, and why. */
export class ApplyFailure extends Error {
  readonly failures: { instance: string; reason: string }[];

  constructor(failures: { instance: string; reason: string }[]) {
    super(failures.map(({ instance, reason }) => `instance "${instance}" failed: ${reason}`).join('\n'));
    this.failures = failures;
  }
}

/**
 * The supervisor's instances and the operations on them. Operations that change what runs (apply,
 * shutdown) are serialized: one waits for the previous, so a switch repeated after an interrupted one
 * sees a settled state.
 */
export class Supervisor {
  readonly instances = new Map<string, ManagedInstance>();
  private readonly host: InstanceHost;
  private queue: Promise<unknown> = Promise.resolve();
  private emit: ((event: DeployEvent) => void) | null = null;
  /** The last profile applied and its manifest: a store path's content never changes, so a switch that keeps everything reads nothing. */
  private lastManifest: { profile: string; manifest: Manifest } | null = null;

  constructor(host: InstanceHost) {
    this.host = { ...host, log: (event) => this.onEvent(event, host.log) };
  }

  /**
   * Makes it run exactly the new profile, following the plan. Once `cancelled` aborts (Ctrl-C on
   * `procform up` while it starts), it starts nothing more and stops waiting for readiness: what it
   * started keeps running, and the next apply (up's stop) runs at once instead of after every start
   * has proved itself.
   */
  apply(request: ApplyRequest, emit: (event: DeployEvent) => void, cancelled?: AbortSignal): Promise<void> {
    return this.serialize(async () => {
      this.emit = emit;
      try {
        await this.applyNow(request, emit, cancelled);
      } finally {
        this.emit = null;
      }
    });
  }

  status(): InstanceStatus[] {
    return [...this.instances.values()].map((instance) => instance.status());
  }

  /** Stops every instance, dependents first. */
  stopAll(): Promise<void> {
    return this.serialize(async () => {
      await this.stopInOrder([...this.instances.keys()], () => {});
      for (const instance of this.instances.values()) instance.dispose();
      this.instances.clear();
    });
  }

  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => {});
    return result;
  }

  private async applyNow(request: ApplyRequest, emit: (event: DeployEvent) => void, cancelled?: AbortSignal): Promise<void> {
    const manifest = this.lastManifest?.profile === request.profile ? this.lastManifest.manifest : await readManifest(request.profile);
    this.lastManifest = { profile: request.profile, manifest };
    const wanted = manifest.instances;
    // The switch created and removed accounts before this apply: look users up afresh.
    forgetAccounts();
    this.host.log({ kind: 'apply', profile: request.profile, stop: request.stop.length, start: request.start.length, keep: request.keep.length });
    const runsWanted = (key: string) => {
      const instance = this.instances.get(key);
      const target = wanted[key];
      return instance !== undefined && target !== undefined && instance.active && instance.storePath === target.storePath;
    };

    // Stop what the plan stops, what the new profile lacks, and what runs another configuration
    // than the new profile's (left by an interrupted switch). An instance that already runs exactly
    // its new configuration is left alone, unless asked to restart: repeating a switch restarts
    // nothing twice.
    const toStop = new Set<string>();
    for (const key of request.stop) {
      if (runsWanted(key) && !request.restart?.includes(key)) emit({ kind: 'info', message: `${key} already runs its new configuration; left running` });
      else toStop.add(key);
    }
    for (const [key, instance] of this.instances) {
      if (toStop.has(key) || runsWanted(key)) continue;
      if (wanted[key] === undefined || instance.active) {
        if (wanted[key] !== undefined && !request.start.includes(key)) emit({ kind: 'info', message: `${key} runs a configuration the new profile does not have; restarting it` });
        toStop.add(key);
      }
    }
    await this.stopInOrder([...toStop], emit);
    for (const key of toStop) {
      if (wanted[key] !== undefined) continue;
      this.instances.get(key)?.dispose();
      this.instances.delete(key);
    }

    // Start what the plan starts and every kept instance that does not run, dependencies first.
    const requested = new Set([...request.start, ...request.keep].filter((key) => wanted[key] !== undefined));
    const toStart = manifest.startOrder.filter((key) => requested.has(key) && !this.instances.get(key)?.active);
    const configs = await Promise.all(toStart.map((key) => readConfig(wanted[key]!)));
    toStart.forEach((key, index) => this.prepare(wanted[key]!, configs[index]!));
    // Their logs are opened in the thread pool meanwhile, while this thread spawns.
    for (const key of toStart) this.instances.get(key)!.prepareLog();
    for (const key of requested) {
      // Kept instances learn their dependencies from the new profile (for stopping in order later).
      const instance = this.instances.get(key);
      if (instance && wanted[key]) instance.dependencies = wanted[key].dependencies;
    }
    const starting = new Set(toStart);
    const outcomes = await runInOrder(
      [...requested].map((key) => ({
        key,
        after: wanted[key]?.dependencies ?? [],
        limited: starting.has(key),
        run: (releaseSlot) => (cancelled?.aborted ? Promise.reject(new Error('not started')) : untilCancelled(starting.has(key) ? this.startOne(key, emit, releaseSlot) : this.awaitKept(key), cancelled)),
      })),
      request.maxConcurrentStarts,
    );
    const failures = [...outcomes].filter(([, error]) => error !== null).map(([instance, error]) => ({ instance, reason: error!.message }));
    // Cancelled: the caller stopped listening for each instance's outcome.
    if (cancelled?.aborted) throw new Error(`the switch was cancelled: ${failures.length} of ${requested.size} instances not started or not yet ready`);
    for (const failure of failures) {
      if (starting.has(failure.instance)) emit({ kind: 'failed', ...failure });
    }
    if (failures.length > 0) throw new ApplyFailure(failures);
  }

  private prepare(entry: ManifestInstance, config: InstanceConfig): void {
    const existing = this.instances.get(entry.instance);
    if (existing) existing.reconfigure(config, entry.storePath, entry.dependencies);
    else this.instances.set(entry.instance, new ManagedInstance(entry.instance, config, entry.storePath, entry.dependencies, this.host));
  }

  private async startOne(key: string, emit: (event: DeployEvent) => void, releaseSlot: () => void): Promise<void> {
    const instance = this.instances.get(key)!;
    emit({ kind: 'starting', instance: key });
    await instance.start(() => emit({ kind: 'started', instance: key }));
    // Without a readiness check, what is left is proving it stays up (MIN_UPTIME_MS), which costs
    // the machine nothing: the next instance may start meanwhile.
    if (instance.config.readiness === null) releaseSlot();
    await instance.whenReady();
    emit({ kind: 'ready', instance: key });
  }

  /** A kept instance counts as satisfied for its dependents once it is ready (it may be restarting). */
  private async awaitKept(key: string): Promise<void> {
    const instance = this.instances.get(key);
    if (!instance) throw new Error('it is not running');
    await instance.whenReady();
  }

  /** Stops instances in reverse dependency order: each only after every dependent among them has stopped. */
  private async stopInOrder(keys: string[], emit: (event: DeployEvent) => void): Promise<void> {
    const dependents = dependentsWithin(new Map(keys.map((key) => [key, this.instances.get(key)?.dependencies ?? []])));
    const outcomes = await runInOrder(
      keys.map((key) => ({
        key,
        after: dependents.get(key)!,
        limited: false,
        run: async () => {
          const instance = this.instances.get(key);
          emit({ kind: 'stopping', instance: key });
          await instance?.stop();
          emit({ kind: 'stopped', instance: key });
        },
      })),
      Number.MAX_SAFE_INTEGER,
    );
    const failures = [...outcomes].filter(([, error]) => error !== null).map(([instance, error]) => ({ instance, reason: error!.message }));
    if (failures.length > 0) throw new ApplyFailure(failures);
  }

  /** Forwards instance events to the supervisor's log, and spawns and restarts to a running apply. */
  private onEvent(event: SupervisorEvent, log: (event: SupervisorEvent) => void): void {
    log(event);
    if (event.kind === 'backoff') this.emit?.({ kind: 'info', message: `${event.instance}: restart ${event.restart} in ${event.delayMs} ms` });
  }
}

/** The task's outcome, or a failure as soon as the apply is cancelled (the task goes on unwatched). */
function untilCancelled(task: Promise<void>, cancelled: AbortSignal | undefined): Promise<void> {
  if (!cancelled) return task;
  task.catch(() => {});
  return new Promise((resolve, reject) => {
    const onCancel = () => reject(new Error('cancelled before it was ready'));
    cancelled.addEventListener('abort', onCancel, { once: true });
    task.then(resolve, reject).finally(() => cancelled.removeEventListener('abort', onCancel));
  });
}

async function readConfig(entry: ManifestInstance): Promise<InstanceConfig> {
  try {
    return await readInstanceConfig(entry);
  } catch (error) {
    throw new ApplyFailure([{ instance: entry.instance, reason: (error as Error).message }]);
  }
}
