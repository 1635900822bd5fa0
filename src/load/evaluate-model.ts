// Load → evaluate with the context → validate → normalize → check the whole: the part of the
// pipeline that decides whether a model is acceptable. Every problem is collected and reported
// together, and nothing is written: the caller writes only after this returns.
import type { z } from 'zod';
import { accountProblems } from '../credentials/check-accounts.ts';
import type { ModelProblem } from '../errors.ts';
import { ModelError } from '../errors.ts';
import { findCycle, startOrder } from '../graph/dependency-graph.ts';
import { normalizeProcess } from '../model/normalize.ts';
import type * as KnownFieldsModule from '../model/known-fields.ts';
import { isManagedProcess } from '../model/is-managed-process.ts';
import type * as SchemaModule from '../model/schema.ts';
import type { ValidatedProcessParams } from '../model/schema.ts';
import type { DeploymentDirs, Instance, Instances, ManagedProcess, ProcessContext, ProcessSpec } from '../model/types.ts';
import { PendingStore } from '../store/pending-store.ts';
import type { BuildTarget } from '../target/build-target.ts';
import { hostTarget } from '../target/host-target.ts';
import { didYouMean } from '../text/did-you-mean.ts';
import { createContext } from './create-context.ts';
import { findIdsFile, readIds } from './ids-file.ts';
import type { ModelFunction } from './load-model.ts';
import { describe, loadModel } from './load-model.ts';
import { quickValidate } from './quick-validate.ts';
import type { ValidationCache } from './validation-cache.ts';
import { validationKey } from './validation-cache.ts';

export interface EvaluateOptions {
  dirs: DeploymentDirs;
  storeDir: string;
  forceDisableUserChange: boolean;
  processManager: string;
  extraParams?: Record<string, unknown>;
  /** null: no IDs file at all. */
  idsFile?: string | null;
  /** Who deploys, when that is not the target's caller. */
  caller?: { user: string; group: string };
  /** The system the profile is for; default: this machine. */
  target?: BuildTarget;
}

export interface EvaluatedModel {
  file: string;
  ctx: ProcessContext;
  /** The instances as the model returned them, with their own properties (port, dnsName, …). */
  instances: Instances;
  /** Normalized processes in start order (dependencies first). */
  specs: ProcessSpec[];
  /** Each instance's parameters as the model gave them, validated, without defaults. */
  params: Record<string, ValidatedProcessParams>;
  store: PendingStore;
}

/** The model run with its context: the instances as it returned them, not yet checked. */
export type RunModel = Omit<EvaluatedModel, 'specs' | 'params'>;

/** Evaluates the model in `file` (or `model`, a function standing for it, with `file` naming it in errors). */
export async function evaluateModel(file: string, options: EvaluateOptions, model?: ModelFunction): Promise<EvaluatedModel> {
  return checkModel(await runModel(file, options, model));
}

/** Runs the model's function with its context; what it returned is only known to be an object. */
export async function runModel(file: string, options: EvaluateOptions, model?: ModelFunction): Promise<RunModel> {
  model ??= await loadModel(file);
  const store = new PendingStore(options.storeDir);
  const ctx = createContext({
    dirs: options.dirs,
    forceDisableUserChange: options.forceDisableUserChange,
    processManager: options.processManager,
    ids: options.idsFile === null ? {} : readIds(findIdsFile(file, options.idsFile)),
    extraParams: options.extraParams ?? {},
    store,
    target: options.target ?? hostTarget(),
    ...(options.caller && { caller: options.caller }),
  });
  let instances: unknown;
  try {
    instances = model(ctx);
  } catch (error) {
    throw new ModelError(file, [{ message: `evaluating the processes model failed: ${describe(error)}${whereInModel(error, file)}` }], {
      cause: error,
    });
  }
  if (typeof instances !== 'object' || instances === null || Array.isArray(instances)) {
    throw new ModelError(file, [{ message: 'the model function must return an object of instances, keyed by instance name' }]);
  }
  return { file, ctx, instances: instances as Instances, store };
}

/** The zod schemas and what knows their fields: imported only to check a model. */
type Checks = Pick<typeof SchemaModule, 'instanceSchema' | 'managedProcessSchema'> & Pick<typeof KnownFieldsModule, 'knownFieldsAt'>;

/**
 * Validates, normalizes and checks the whole of what the model returned. With a validation cache,
 * an instance validated before (by content) is not validated again, and zod is loaded only when
 * some instance must be.
 */
export async function checkModel(run: RunModel, validation?: ValidationCache): Promise<EvaluatedModel> {
  const { specs, params } = await checkInstances(run.file, run.instances, run.ctx, run.store, validation);
  return { ...run, specs, params };
}

async function loadChecks(): Promise<Checks> {
  // zod, imported here only: an unchanged build that reuses its profile never loads it.
  const [schema, { knownFieldsAt }] = await Promise.all([import('../model/schema.ts'), import('../model/known-fields.ts')]);
  return { ...schema, knownFieldsAt };
}

async function checkInstances(
  file: string,
  instances: Instances,
  ctx: ProcessContext,
  store: PendingStore,
  validation: ValidationCache | undefined,
): Promise<{ specs: ProcessSpec[]; params: Record<string, ValidatedProcessParams> }> {
  const problems: ModelProblem[] = [];
  const keyOfProcess = new Map<ManagedProcess, string>();
  const valid: [string, Instance, ValidatedProcessParams][] = [];

  const validName = (key: string) => /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(key);
  // Each instance without zod where the cache (by content) or the quick check (quick-validate.ts) accepts it.
  const prechecked = Object.entries(instances).map(([key, instance]) => {
    if (!validName(key)) return { key, instance, cacheKey: null, params: undefined };
    const cacheKey = validation === undefined ? null : validationKey(instance);
    const known = cacheKey === null ? undefined : validation!.get(cacheKey, instance.pkg);
    if (known !== undefined) return { key, instance, cacheKey, params: known };
    const params = quickValidate(instance);
    if (params !== undefined && cacheKey !== null) validation!.set(cacheKey, params);
    return { key, instance, cacheKey, params };
  });
  // zod only for what neither accepts.
  const checks = prechecked.some((entry) => validName(entry.key) && entry.params === undefined) ? await loadChecks() : undefined;

  for (const { key, instance, cacheKey, params: accepted } of prechecked) {
    if (!validName(key)) {
      problems.push({ instance: key, message: 'an instance name may only contain letters, digits, ".", "_" and "-"' });
      continue;
    }
    let params = accepted;
    if (params === undefined) {
      const { instanceSchema, managedProcessSchema, knownFieldsAt } = checks!;
      const shape = instanceSchema.safeParse(instance);
      if (!shape.success) {
        problems.push(...zodProblems(key, '', shape.error, knownFieldsAt));
        continue;
      }
      const parsed = managedProcessSchema.safeParse(instance.pkg);
      if (!parsed.success) {
        problems.push(...zodProblems(key, 'pkg', parsed.error, knownFieldsAt));
        continue;
      }
      params = parsed.data;
      if (cacheKey !== null) validation!.set(cacheKey, params);
    }
    const owner = keyOfProcess.get(instance.pkg);
    if (owner !== undefined) {
      problems.push({ instance: key, field: 'pkg', message: `is the same process as instance "${owner}"; call the constructor once per instance` });
      continue;
    }
    keyOfProcess.set(instance.pkg, key);
    valid.push([key, instance, params]);
  }
  if (problems.length > 0) throw new ModelError(file, problems);

  const nameOfKey = new Map(valid.map(([key, , params]) => [key, params.name ?? params.instanceName ?? key]));
  const specs: ProcessSpec[] = [];
  for (const [key, instance, params] of valid) {
    const dependencies: string[] = [];
    (instance.pkg.dependencies ?? []).forEach((dependency, index) => {
      const pkg = isManagedProcess(dependency) ? (dependency as ManagedProcess) : (dependency as Instance).pkg;
      const dependencyKey = keyOfProcess.get(pkg);
      if (dependencyKey === undefined) {
        problems.push({
          instance: key,
          field: `pkg.dependencies[${index}]`,
          message: `depends on "${pkg.name ?? pkg.instanceName ?? 'an unnamed process'}", which is not an instance of this model; add it to the model`,
        });
      } else {
        dependencies.push(nameOfKey.get(dependencyKey)!);
      }
    });
    const normalized = normalizeProcess({ instance: key, params, dependencies, ctx, isPendingStorePath: (path) => store.has(path) });
    problems.push(...normalized.problems);
    // The instance's own `port` is claimed too: the switch checks every claimed port on the machine.
    normalized.spec.ports = claimedPorts(instance.port, normalized.spec.ports);
    specs.push(normalized.spec);
  }
  problems.push(...duplicateNames(specs), ...duplicatePorts(specs), ...duplicateContainers(instances), ...accountProblems(instances, ctx.ids));
  if (problems.length > 0) throw new ModelError(file, problems);

  const graph = new Map(specs.map((spec) => [spec.name, spec.dependencies]));
  const cycle = findCycle(graph);
  if (cycle) {
    const keyOfName = new Map(specs.map((spec) => [spec.name, spec.instance]));
    throw new ModelError(file, [{ message: `dependency cycle: ${cycle.map((name) => keyOfName.get(name)).join(' → ')}` }], {
      hint: 'Remove one of these dependencies.',
    });
  }
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  return { specs: startOrder(graph).map((name) => byName.get(name)!), params: Object.fromEntries(valid.map(([key, , params]) => [key, params])) };
}

function duplicateNames(specs: ProcessSpec[]): ModelProblem[] {
  const seen = new Map<string, string>();
  const problems: ModelProblem[] = [];
  for (const spec of specs) {
    const other = seen.get(spec.name);
    if (other === undefined) seen.set(spec.name, spec.instance);
    else
      problems.push({
        instance: spec.instance,
        field: 'pkg.name',
        message: `has the name "${spec.name}", like instance "${other}"; give each instance its own instanceSuffix or instanceName`,
      });
  }
  return problems;
}

/** A port is claimed by an instance's own `port` property and by its process's `ports`. */
function claimedPorts(own: unknown, ports: number[]): number[] {
  return [...new Set([...(typeof own === 'number' && own > 0 ? [own] : []), ...ports])];
}

function duplicatePorts(specs: ProcessSpec[]): ModelProblem[] {
  const owner = new Map<number, string>();
  const problems: ModelProblem[] = [];
  for (const spec of specs) {
    for (const port of spec.ports) {
      const other = owner.get(port);
      if (other === undefined) owner.set(port, spec.instance);
      else
        problems.push({
          instance: spec.instance,
          field: 'port',
          message: `claims TCP port ${port}, already claimed by instance "${other}"; give each instance its own port (procform ids assign does this)`,
        });
    }
  }
  return problems;
}

/** Services are deployed into a container by its name: two containers of one name would be one. */
function duplicateContainers(instances: Instances): ModelProblem[] {
  const owner = new Map<string, string>();
  const problems: ModelProblem[] = [];
  for (const [key, instance] of Object.entries(instances)) {
    const name = instance.providesContainer?.name;
    if (name === undefined) continue;
    const other = owner.get(name);
    if (other === undefined) owner.set(name, key);
    else
      problems.push({
        instance: key,
        field: 'providesContainer.name',
        message: `provides container "${name}", like instance "${other}"; give each instance its own instanceSuffix or containerName`,
      });
  }
  return problems;
}

function zodProblems(instance: string, prefix: string, error: z.ZodError, knownFieldsAt: Checks['knownFieldsAt']): ModelProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>(
      (field, part) => (typeof part === 'number' ? `${field}[${part}]` : field === '' ? String(part) : `${field}.${String(part)}`),
      prefix,
    );
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"${prefix === 'pkg' ? didYouMean(key, knownFieldsAt(issue.path.filter((part) => typeof part !== 'symbol'))) : ''}`).join(', ')}`
        : issue.message;
    return path === '' ? { instance, message } : { instance, field: path, message };
  });
}

/** Points at the model's line when the error was thrown from the model file itself. */
function whereInModel(error: unknown, file: string): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const line = stack.split('\n').find((frame) => frame.includes(file));
  const match = line && /:(\d+):(\d+)\)?$/.exec(line);
  return match ? ` (line ${match[1]})` : '';
}
