// The incremental build: what lowering and rendering made of an instance last time, keyed by
// everything that output depends on (as Nix keys a derivation by its inputs), so that an unchanged
// instance is neither lowered, rendered nor hashed again. A hit gives exactly what a clean build
// would: the key holds the instance's normalized spec and validated parameters, its override, the
// store paths of its dependencies, its dependency graph (start sequences and priorities come from
// it), the context's folders and user handling, the target's Node, procform and caller, and
// procform's own build. What lowering learnt from the target's file system (which executables exist)
// is recorded with the entry and checked again before it is used.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Capability } from '../backends/types.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import type { ProcessContext, ProcessSpec } from '../model/types.ts';
import type { FileNode, StoreEntry } from '../store/store-entry.ts';
import type { BuildTarget } from '../target/build-target.ts';
import { procformVersion } from '../package-root.ts';

/** What lowering and rendering made of one instance. */
export interface CachedInstance {
  params: Record<string, unknown>;
  files: Record<string, FileNode>;
  storePath: string;
  explanation: Capability[];
  /** Store entries lowering wrote through ctx (wrappers, init functions), by path. */
  writes: [path: string, entry: StoreEntry][];
  /** Paths lowering asked the target about, and whether each was an executable. */
  probes: Record<string, boolean>;
}

interface CacheFile {
  formatVersion: 1;
  stamp: string;
  entries: Record<string, CachedInstance>;
}

/** The cache of one deployment's builds for one backend: read once, written back once. */
export class BuildCache {
  readonly #file: string;
  readonly #stamp: string;
  readonly #old: Record<string, CachedInstance>;
  readonly #used: Record<string, CachedInstance> = {};
  readonly #probed = new Map<string, boolean>();

  constructor(file: string) {
    this.#file = file;
    this.#stamp = procformStamp();
    this.#old = readEntries(file, this.#stamp);
  }

  /** The cached result for `key`, if the target still answers its probes the same way. */
  get(key: string, target: BuildTarget): CachedInstance | undefined {
    const entry = this.#old[key];
    if (entry === undefined || !Object.entries(entry.probes).every(([path, executable]) => this.#isExecutable(target, path) === executable)) return undefined;
    this.#used[key] = entry;
    return entry;
  }

  /** Each path is asked once per build: 500 instances of one program need one look at it. */
  #isExecutable(target: BuildTarget, path: string): boolean {
    let answer = this.#probed.get(path);
    if (answer === undefined) this.#probed.set(path, (answer = target.isExecutable(path)));
    return answer;
  }

  set(key: string, entry: CachedInstance): void {
    this.#used[key] = entry;
  }

  /** Keeps what this build used, and nothing else: the cache never outgrows one profile. */
  async save(): Promise<void> {
    const content: CacheFile = { formatVersion: 1, stamp: this.#stamp, entries: this.#used };
    try {
      // Not flushed: a cache cut short by a crash does not parse, and is not used.
      await writeFileAtomic(this.#file, JSON.stringify(content), 0o600, { durable: false });
    } catch {
      // A cache that cannot be written only makes the next build slower.
    }
  }
}

/** Where a store's build cache lives: beside the store, one file per backend. */
export function buildCacheFile(storeDir: string, backend: string): string {
  return join(dirname(storeDir), 'build-cache', `${backend}.json`);
}

/**
 * The part of every instance's key that the whole build shares: the context and the target.
 * Model-specific values (ids, extraParams) reach lowering only through the instance's parameters.
 */
export function sharedKey(backend: string, ctx: ProcessContext): string {
  let runtime: unknown;
  try {
    runtime = ctx.target.procformRuntime();
  } catch (error) {
    runtime = (error as Error).message;
  }
  const { target } = ctx;
  return JSON.stringify([
    backend,
    [ctx.stateDir, ctx.runtimeDir, ctx.logDir, ctx.cacheDir, ctx.libDir, ctx.spoolDir, ctx.lockDir, ctx.tmpDir, ctx.storeDir],
    ctx.forceDisableUserChange,
    ctx.callingUser,
    ctx.callingGroup,
    [target.name, target.caller, target.privileged, target.searchPath, runtime],
  ]);
}

/**
 * An instance's key, or null when its output cannot be keyed (an override that is a function: what
 * it does is not data).
 */
export function instanceKey(
  shared: string,
  spec: ProcessSpec,
  params: unknown,
  dependencyStorePaths: ReadonlyMap<string, string>,
  processes: ReadonlyMap<string, ProcessSpec>,
): string | null {
  let keyable = true;
  const text = JSON.stringify([shared, spec, params, [...dependencyStorePaths], dependencyGraph(spec.name, processes)], (_key, value: unknown) => {
    if (typeof value === 'function') keyable = false;
    return value;
  });
  return keyable ? createHash('sha256').update(text).digest('base64url') : null;
}

/** The instance's transitive dependencies, name → dependencies: what start sequences and priorities derive from. */
function dependencyGraph(name: string, processes: ReadonlyMap<string, ProcessSpec>): [string, string[]][] {
  const graph: [string, string[]][] = [];
  const seen = new Set<string>();
  const visit = (current: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    const dependencies = processes.get(current)?.dependencies ?? [];
    graph.push([current, dependencies]);
    dependencies.forEach(visit);
  };
  (processes.get(name)?.dependencies ?? []).forEach(visit);
  return graph;
}

function readEntries(file: string, stamp: string): Record<string, CachedInstance> {
  try {
    const content = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    // A cache of another format or of another procform build is not used (and replaced on save).
    if (content.formatVersion !== 1 || content.stamp !== stamp || typeof content.entries !== 'object' || content.entries === null) return {};
    return content.entries;
  } catch {
    return {};
  }
}

/**
 * procform's own build: its version and when its code was built (tsc rewrites every file of dist/ on
 * each build), so that a cache never outlives the code that made it.
 */
export function procformStamp(): string {
  const own = fileURLToPath(import.meta.url);
  return `${procformVersion()} ${statSync(own).mtimeMs}`;
}
