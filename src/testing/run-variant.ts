import type { ModelFunction } from '../load/load-model.ts';
import { createSandbox } from '../sandbox/index.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { collectLogs } from './collect-logs.ts';
import { deployVariant, DeployFailedError } from './deploy-variant.ts';
import { formatSeconds, VariantTimeoutError } from './errors.ts';
import { evaluateVariant } from './evaluate-variant.ts';
import type { TestEventSink } from './events.ts';
import { describeFailurePoint } from './format-event.ts';
import { Machine } from './machine.ts';
import type { ManagerSite } from './test-manager.ts';
import { testManager } from './managers.ts';
import { modelBinds } from './model-binds.ts';
import { profileSettings } from './profiles.ts';
import type { FailurePoint, Phase, Variant, VariantOutcome, VariantParams, VariantResult } from './types.ts';

export interface RunVariantOptions {
  /** The variant's deadline, from its start. */
  timeoutMs: number;
  /** Aborted on Ctrl-C: the variant stops at once and its machine is removed. */
  signal: AbortSignal;
  emit: TestEventSink;
  /** Loads a model once for all the variants that share it. */
  loadModel: (file: string) => Promise<ModelFunction>;
  /** argv prefix that runs procform's command line in a machine. */
  procformCommand: readonly string[];
}

/** A variant stopped from outside (deadline, Ctrl-C); the body may still be running and must not go on. */
class Stopped extends Error {}

/**
 * One variant, upstream's test flow in a fresh machine: evaluate the model for the variant, start
 * the machine, setup, deploy with procform inside, initialTests, readiness per instance, tests per
 * instance, postTests, then remove the machine. A failure records where it happened and gathers the
 * logs before the machine goes; the deadline and Ctrl-C stop the variant even while a test's own
 * code hangs. The machine is always removed, and a removal that leaves something behind fails the
 * variant.
 */
export async function runVariant(variant: Variant, options: RunVariantOptions): Promise<VariantResult> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const settings = profileSettings(variant.profile);
  const manager = testManager(variant.processManager);
  const timings: VariantResult['timings'] = {};
  const state: {
    at: FailurePoint;
    finished: boolean;
    sandbox?: Promise<Sandbox>;
    machine?: Machine;
    site?: ManagerSite;
    instances?: { instance: string; name: string }[];
    deployOutput?: string;
  } = { at: { phase: 'evaluate' }, finished: false };
  options.emit({ kind: 'variant-started', variant: variant.id });

  const phase = async <T>(name: Phase, run: () => T | Promise<T>, instance?: string): Promise<T> => {
    if (state.finished) throw new Stopped();
    state.at = instance === undefined ? { phase: name } : { phase: name, instance };
    options.emit({ kind: 'phase', variant: variant.id, phase: name, ...(instance !== undefined && { instance }) });
    const phaseStarted = Date.now();
    try {
      return await run();
    } finally {
      timings[name] = (timings[name] ?? 0) + Date.now() - phaseStarted;
    }
  };

  const body = async (): Promise<void> => {
    const { test } = variant;
    const evaluated = await phase('evaluate', async () => evaluateVariant(variant, settings, await options.loadModel(test.modelFile)));
    state.instances = evaluated.specs.map((spec) => ({ instance: spec.instance, name: spec.name }));
    const sandbox = await phase('machine', () => {
      state.sandbox = createSandbox({
        profile: variant.profile,
        init: manager.init,
        name: sandboxName(variant),
        binds: modelBinds(test.modelFile),
        timeoutMs: Math.max(Math.min(60_000, deadline - Date.now()), 1),
      });
      return state.sandbox;
    });
    if (state.finished) throw new Stopped();
    options.emit({ kind: 'machine-up', variant: variant.id, machineId: sandbox.id, pid: sandbox.pid });
    const site: ManagerSite = { dirs: settings.dirs, profile: variant.profile, uid: sandbox.account?.uid };
    const procformCommand = options.procformCommand;
    const machine = new Machine({ sandbox, name: variant.id, processManager: variant.processManager, profile: variant.profile, user: settings.user, manager, site, procformCommand, deadline });
    state.machine = machine;
    state.site = site;
    const params: VariantParams = {
      machine,
      processes: evaluated.instances,
      processManager: variant.processManager,
      profile: variant.profile,
      stateDir: settings.dirs.stateDir,
      runtimeDir: settings.dirs.runtimeDir,
      logDir: settings.dirs.logDir,
      tmpDir: settings.dirs.tmpDir,
      forceDisableUserChange: settings.forceDisableUserChange,
    };
    const { setup, initialTests, readiness, tests, postTests } = test.options;
    if (setup) await phase('setup', () => setup(params));
    state.deployOutput = await phase('deploy', () => deployVariant(machine, variant, procformCommand));
    if (initialTests) await phase('initialTests', () => initialTests(params));
    const instances = Object.entries(evaluated.instances);
    if (readiness) for (const [instanceName, instance] of instances) await phase('readiness', () => readiness({ ...params, instanceName, instance }), instanceName);
    if (tests) for (const [instanceName, instance] of instances) await phase('tests', () => tests({ ...params, instanceName, instance }), instanceName);
    if (postTests) await phase('postTests', () => postTests(params));
  };

  let outcome: VariantOutcome = { status: 'passed' };
  let failure: unknown;
  const running = body();
  // Once the variant was stopped from outside, whatever the abandoned body throws later is expected.
  running.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new VariantTimeoutError(`${variant.id}: timed out after ${formatSeconds(options.timeoutMs)}, in ${describeFailurePoint(state.at)}`)),
      Math.max(deadline - Date.now(), 0),
    );
    onAbort = () => reject(new Stopped());
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
  });
  stopped.catch(() => {});
  try {
    await Promise.race([running, stopped]);
  } catch (error) {
    failure = error;
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort!);
  }
  const at = state.at;
  state.finished = true;

  const teardownStarted = Date.now();
  if (failure !== undefined) {
    if (options.signal.aborted) {
      outcome = { status: 'interrupted', at };
    } else {
      options.emit({ kind: 'phase', variant: variant.id, phase: 'teardown' });
      // The machine is still up: read its logs before it goes, with time of their own after a timeout.
      state.machine?.extendDeadline(15_000);
      const deployOutput = state.deployOutput ?? (failure instanceof DeployFailedError ? failure.output : undefined);
      const logs = state.machine && state.site ? await untilAborted(collectLogs(state.machine, manager, state.site, state.instances ?? [], deployOutput), options.signal) : undefined;
      outcome = { status: 'failed', at, message: messageOf(failure), ...locationOf(failure, variant.test.file), ...(logs && { logs }) };
    }
  }
  if (outcome.status === 'passed') options.emit({ kind: 'phase', variant: variant.id, phase: 'teardown' });
  const sandbox = await state.sandbox?.catch(() => undefined);
  try {
    await sandbox?.destroy();
  } catch (error) {
    if (outcome.status === 'passed') outcome = { status: 'failed', at: { phase: 'teardown' }, message: messageOf(error) };
  }
  timings.teardown = Date.now() - teardownStarted;
  return { ...outcome, variant, timings, durationMs: Date.now() - started, ...(sandbox && { machineId: sandbox.id }) };
}

/** The promise's value, or undefined as soon as the signal aborts (Ctrl-C while logs are read). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A readable sandbox name (its hostname): test, process manager, profile initial. */
function sandboxName(variant: Variant): string {
  const slug = (text: string, length: number) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, length) || 'test';
  return `${slug(variant.test.name, 20)}-${slug(variant.processManager, 11)}-${variant.profile[0]}`;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const hint = (error as { hint?: unknown }).hint;
  return typeof hint === 'string' ? `${error.message}\nhint: ${hint}` : error.message;
}

/** Where in the test file the error was thrown: the first stack frame in it. */
function locationOf(error: unknown, testFile: string): { location?: string } {
  const frame = (error instanceof Error ? (error.stack ?? '') : '').split('\n').find((line) => line.includes(testFile));
  const match = frame && /(\S+:\d+:\d+)\)?$/.exec(frame.trim());
  return match ? { location: match[1]!.replace(/^\(|^file:\/\//g, '') } : {};
}
