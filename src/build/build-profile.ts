// The pure half of the pipeline after evaluation: lower every instance for the chosen backend,
// apply overrides, render, and assemble the profile. Everything is computed in memory first;
// buildProfile writes only once all of it succeeded.
import { InstanceError, ModelError } from '../errors.ts';
import { explainLiveness } from '../backends/explain-liveness.ts';
import { loadBackend } from '../backends/registry.ts';
import type { Backend, Capability, LowerInput, ProfileInstance, RenderedFile } from '../backends/types.ts';
import type { EvaluatedModel, EvaluateOptions } from '../load/evaluate-model.ts';
import { checkModel, runModel } from '../load/evaluate-model.ts';
import type { ModelFunction } from '../load/load-model.ts';
import { ValidationCache, validationCacheFile } from '../load/validation-cache.ts';
import type { DirOptions } from '../model/deployment-dirs.ts';
import { procformHome, resolveDeploymentDirs, resolveForceDisableUserChange } from '../model/deployment-dirs.ts';
import type { Override } from '../model/types.ts';
import type { PendingStore } from '../store/pending-store.ts';
import type { FileNode } from '../store/store-entry.ts';
import { stableJson } from '../store/stable-json.ts';
import type { BuildTarget } from '../target/build-target.ts';
import { hostTarget } from '../target/host-target.ts';
import { applyOverride } from './apply-override.ts';
import type { CachedInstance } from './build-cache.ts';
import { BuildCache, buildCacheFile, instanceKey, procformStamp, sharedKey } from './build-cache.ts';
import type { Manifest, ManifestInstance } from './manifest.ts';
import { MANIFEST_FILE } from './manifest.ts';
import { memoKey, profileMemoFile, readMemo, recordingTarget, writeMemo } from './profile-memo.ts';

export interface BuildOptions {
  modelFile: string;
  /** Evaluate this function instead of loading modelFile (generate-config builds from JSON this way). */
  model?: ModelFunction;
  processManager: string;
  dirs?: DirOptions;
  forceDisableUserChange?: boolean;
  extraParams?: Record<string, unknown>;
  /** The IDs file; null: none (generate-config: the JSON holds every ID already); default: the one beside the model. */
  idsFile?: string | null;
  storeDir?: string;
  /** The system the profile is for (hostTarget, rootTarget, describedTarget); default: this machine. */
  target?: BuildTarget;
  /**
   * Reuse what earlier builds into the same store made of unchanged instances (build-cache.ts);
   * default true, unless PROCFORM_BUILD_CACHE=0. The output is the same either way.
   */
  cache?: boolean;
  /**
   * With the cache: when the model returns exactly what it returned for the last build, that build's
   * profile is the result, without checking, lowering or rendering anything (profile-memo.ts). The
   * result's `evaluated` then has the specs from the manifest and no params, and nothing to write:
   * for callers that use the profile (build, switch, up), not the evaluated model.
   */
  reuseProfile?: boolean;
}

export interface PreparedProfile {
  /** The profile's store path: known before anything is written. */
  path: string;
  manifest: Manifest;
  /** Per instance, how the backend treats each portable feature (empty when it cannot tell). */
  explanations: Record<string, Capability[]>;
  evaluated: EvaluatedModel;
  backend: Backend;
  /** The instances whose lowering and rendering the build cache gave (unchanged since an earlier build). */
  reused: string[];
  /** Whether the profile is the last build's, the model having returned the same (reuseProfile). */
  reusedProfile: boolean;
  /** Writes the store entries, and records what this build made of each instance for the next build. */
  write(): Promise<void>;
}

/** Everything a build would write, computed without writing: for --dry-run and for buildProfile. */
export async function prepareProfile(options: BuildOptions): Promise<PreparedProfile> {
  const backend = await loadBackend(options.processManager);
  const target = options.target ?? hostTarget();
  const forceDisableUserChange = resolveForceDisableUserChange(options.forceDisableUserChange ?? options.dirs?.forceDisableUserChange, process.env, target.privileged);
  const dirs = resolveDeploymentDirs(options.dirs, process.env, target.privileged);
  const storeDir = options.storeDir ?? procformHome(dirs).storeDir;
  const evaluateOptions: EvaluateOptions = {
    dirs,
    storeDir,
    forceDisableUserChange,
    processManager: options.processManager,
    extraParams: options.extraParams ?? {},
    target,
    ...(options.idsFile !== undefined && { idsFile: options.idsFile }),
  };
  const useCache = options.cache ?? process.env.PROCFORM_BUILD_CACHE !== '0';
  const recording = useCache && options.reuseProfile ? recordingTarget(target) : undefined;
  if (recording) evaluateOptions.target = recording.target;
  const run = await runModel(options.modelFile, evaluateOptions, options.model);
  const memoFile = profileMemoFile(storeDir, backend.name);
  const key = recording ? memoKey(backend.name, run) : null;
  const memo = key === null ? undefined : readMemo(memoFile, key, target);
  if (memo) {
    // The manifest is read only when asked for (profile-memo.ts): `build` prints only the path.
    return {
      path: memo.path,
      get manifest() {
        return memo.manifest;
      },
      get explanations() {
        return memo.explanations;
      },
      get evaluated() {
        const specs = memo.manifest.startOrder.map((instance) => memo.manifest.instances[instance]!.spec);
        return { ...run, specs, params: {} };
      },
      get reused() {
        return [...memo.manifest.startOrder];
      },
      backend,
      reusedProfile: true,
      write: async () => {},
    };
  }
  const validation = useCache ? new ValidationCache(validationCacheFile(storeDir), procformStamp()) : undefined;
  const evaluated = await checkModel(run, validation);
  const cache = useCache ? new BuildCache(buildCacheFile(storeDir, backend.name)) : undefined;
  try {
    const assembled = assemble(backend, evaluated, forceDisableUserChange, cache);
    const write = async () => {
      evaluated.store.flush();
      await Promise.all([cache?.save(), validation?.save()]);
      if (key !== null) await writeMemo(memoFile, key, assembled, recording!);
    };
    return { ...assembled, evaluated, backend, reusedProfile: false, write };
  } catch (error) {
    if (error instanceof InstanceError) throw new ModelError(options.modelFile, [error.problem], { hint: error.hint, cause: error });
    throw error;
  }
}

/** Builds the profile: writes the store entries and returns the profile's path. */
export async function buildProfile(options: BuildOptions): Promise<PreparedProfile> {
  const prepared = await prepareProfile(options);
  await prepared.write();
  return prepared;
}

function assemble(
  backend: Backend,
  evaluated: EvaluatedModel,
  forceDisableUserChange: boolean,
  cache: BuildCache | undefined,
): { path: string; manifest: Manifest; explanations: Record<string, Capability[]>; reused: string[] } {
  const { ctx, specs, store } = evaluated;
  const processes = new Map(specs.map((spec) => [spec.name, spec]));
  const instanceOfName = new Map(specs.map((spec) => [spec.name, spec.instance]));
  const storePaths = new Map<string, string>();
  const profileFiles: Record<string, FileNode> = {};
  const fileOwner = new Map<string, string>();
  const built: ProfileInstance[] = [];
  const manifestInstances: Record<string, ManifestInstance> = {};
  const explanations: Record<string, Capability[]> = {};
  const reused: string[] = [];

  const shared = cache && sharedKey(backend.name, ctx);
  for (const spec of specs) {
    const instance = evaluated.instances[spec.instance]!;
    const dependencyStorePaths = new Map(spec.dependencies.map((name) => [name, storePaths.get(name)!]));
    const params = evaluated.params[spec.instance]!;
    const key = shared === undefined ? null : instanceKey(shared, spec, params, dependencyStorePaths, processes);
    let made = key === null ? undefined : cache!.get(key, ctx.target);
    if (made === undefined) {
      made = lowerAndRender(backend, { spec, processes, dependencyStorePaths, params, ctx }, instance.pkg.overrides?.[backend.name], store);
      if (key !== null) cache!.set(key, made);
    } else {
      reused.push(spec.instance);
      for (const [path, entry] of made.writes) store.addAt(path, entry);
      store.addAt(made.storePath, { name: spec.name, content: { kind: 'directory', entries: made.files } });
    }
    const { files, storePath } = made;
    storePaths.set(spec.name, storePath);
    // Like Nix's buildEnv: the profile links every instance file at the same relative path.
    for (const relative of Object.keys(files)) {
      const owner = fileOwner.get(relative);
      if (owner !== undefined) {
        throw new InstanceError({ instance: spec.instance, message: `generates "${relative}", like instance "${owner}"; give it another name` });
      }
      fileOwner.set(relative, spec.instance);
      profileFiles[relative] = { kind: 'symlink', target: `${storePath}/${relative}` };
    }
    built.push({ spec, storePath, params: made.params });
    explanations[spec.instance] = made.explanation;
    manifestInstances[spec.instance] = {
      instance: spec.instance,
      name: spec.name,
      storePath,
      dependencies: spec.dependencies.map((name) => instanceOfName.get(name)!),
      spec,
      ...(instance.providesContainer && { container: instance.providesContainer }),
    };
  }

  for (const [relative, file] of Object.entries(backend.renderProfile?.(built, ctx) ?? {})) profileFiles[relative] = toFileNode(file);
  const manifest: Manifest = {
    formatVersion: 1,
    processManager: backend.name,
    forceDisableUserChange,
    dirs: {
      stateDir: ctx.stateDir,
      runtimeDir: ctx.runtimeDir,
      logDir: ctx.logDir,
      cacheDir: ctx.cacheDir,
      libDir: ctx.libDir,
      spoolDir: ctx.spoolDir,
      lockDir: ctx.lockDir,
      tmpDir: ctx.tmpDir,
    },
    storeDir: ctx.storeDir,
    instances: manifestInstances,
    startOrder: specs.map((spec) => spec.instance),
  };
  // Every instance's environment is in it too.
  profileFiles[MANIFEST_FILE] = { kind: 'file', text: stableJson(manifest), executable: false, private: true };
  const path = store.add({ name: `profile-${backend.name}`, content: { kind: 'directory', entries: profileFiles } });
  return { path, manifest, explanations, reused };
}

/**
 * Lowers, overrides and renders one instance, and adds its store entry: recording what a cache entry
 * needs to stand for it (the entries lowering wrote, the target's executables it looked at).
 */
function lowerAndRender(backend: Backend, base: LowerInput, override: Override | undefined, store: PendingStore): CachedInstance {
  const writes: string[] = [];
  const probes: Record<string, boolean> = {};
  const { ctx, spec } = base;
  const recordingTarget: BuildTarget = Object.create(ctx.target, {
    isExecutable: {
      value: (path: string) => (probes[path] = ctx.target.isExecutable(path)),
    },
  });
  const input: LowerInput = {
    ...base,
    ctx: {
      ...ctx,
      target: recordingTarget,
      writeTextFile: (options) => remember(writes, ctx.writeTextFile(options)),
      writeScript: (name, text) => remember(writes, ctx.writeScript(name, text)),
    },
  };
  const params = applyOverride(backend.lower(input), override, { instance: spec.instance, processManager: backend.name });
  // What the process manager reads holds the instance's environment: for the deploying user only.
  const files = Object.fromEntries(
    Object.entries(backend.render(params, input)).map(([path, file]) => [path, backend.publicFiles ? toFileNode(file) : ownerOnly(toFileNode(file))]),
  );
  const storePath = store.add({ name: spec.name, content: { kind: 'directory', entries: files } });
  return {
    params,
    files,
    storePath,
    explanation: explainLiveness(backend.explain?.(params, input) ?? [], spec, backend.name),
    writes: writes.map((path) => [path, store.entry(path)!]),
    probes,
  };
}

function remember(writes: string[], path: string): string {
  writes.push(path);
  return path;
}

/**
 * The files a backend renders for an instance (its unit, program, script or configuration) are read
 * by the process manager, which runs as the deploying user, or by scripts run as that user before
 * a process drops privileges: never by the process's own user. So they can be private.
 */
function ownerOnly(node: FileNode): FileNode {
  return node.kind === 'file' ? { ...node, private: true } : node;
}

function toFileNode(file: RenderedFile): FileNode {
  return typeof file === 'string' ? { kind: 'file', text: file, executable: false } : file;
}
