// What validating an instance gave, keyed by the instance's own content: validation with zod is a
// pure function of what the model returned for the instance, so an instance whose content was
// validated before (in an earlier build, under any name) gets the same parameters without zod. When
// every instance of a changed model was seen before, zod (95 modules, ~65 ms) is not even loaded.
// Only what JSON keeps exactly is keyed: an instance holding a function, a symbol, a bigint, an
// undefined value, a number JSON cannot write, or an object that is not a plain object or array is
// validated again every time. Dependencies are references: the key records how many there are,
// each checked to be an instance or a managed process, and they are put back as references. Only
// instances that passed validation are recorded, so an invalid one always goes through zod and
// gives its usual error. The file carries a digest of its entries: a damaged or foreign one is
// ignored (everything is validated again) and replaced.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import { isDependency } from '../model/is-managed-process.ts';
import type { ValidatedProcessParams } from '../model/schema.ts';

const FORMAT_VERSION = 1;

interface Header {
  formatVersion: number;
  stamp: string;
  digest: string;
}

/** Where a store's validation cache lives: beside the build cache (validation does not depend on the backend). */
export function validationCacheFile(storeDir: string): string {
  return join(dirname(storeDir), 'build-cache', 'validated.json');
}

/** The validated parameters of instances by content: read once, written back once. */
export class ValidationCache {
  readonly #file: string;
  readonly #stamp: string;
  readonly #old: Record<string, ValidatedProcessParams>;
  readonly #used: Record<string, ValidatedProcessParams> = {};
  readonly #given = new Set<string>();
  #added = false;

  /** `stamp`: procform's own build; a cache of another build is not used. */
  constructor(file: string, stamp: string) {
    this.#file = file;
    this.#stamp = stamp;
    this.#old = readEntries(file, stamp);
  }

  /** The parameters validation gave for an instance of this content, with its own dependencies. */
  get(key: string, pkg: { dependencies?: unknown }): ValidatedProcessParams | undefined {
    const entry = this.#old[key] ?? this.#used[key];
    if (entry === undefined) return undefined;
    this.#used[key] = entry;
    // Two instances of one content each get their own copy.
    const params = this.#given.has(key) ? (structuredClone(entry) as ValidatedProcessParams) : entry;
    this.#given.add(key);
    if (Array.isArray(pkg.dependencies)) return { ...params, dependencies: [...(pkg.dependencies as object[])] };
    return params;
  }

  /** Records what validation gave (a copy: the caller's object holds the dependencies' references). */
  set(key: string, params: ValidatedProcessParams): void {
    // The dependencies keep their place among the keys (what the build makes of the parameters is keyed by their JSON).
    this.#added = true;
    this.#used[key] = JSON.parse(JSON.stringify({ ...params, dependencies: params.dependencies && [] })) as ValidatedProcessParams;
  }

  /**
   * Keeps what this build used, and what the last build kept but this one did not use (an edit
   * undone, or a port moved between instances, is then still known); nothing older.
   */
  async save(): Promise<void> {
    // Nothing new, and every old entry would be kept: the file holds this already.
    const oldCount = Object.keys(this.#old).length;
    const usedCount = Object.keys(this.#used).length;
    if (!this.#added && oldCount <= 2 * usedCount) return;
    const entries = { ...this.#used };
    let kept = 0;
    for (const [key, params] of Object.entries(this.#old)) {
      if (key in entries || kept >= Object.keys(this.#used).length) continue;
      entries[key] = params;
      kept++;
    }
    const body = JSON.stringify(entries);
    const header: Header = { formatVersion: FORMAT_VERSION, stamp: this.#stamp, digest: digest(body) };
    try {
      await writeFileAtomic(this.#file, `${JSON.stringify(header)}\n${body}`, 0o600, { durable: false });
    } catch {
      // A cache that cannot be written only makes the next build slower.
    }
  }
}

/**
 * An instance's key: a digest of its content, or null when JSON would not keep it exactly (see
 * above) or a dependency is neither an instance nor a managed process (zod says so).
 */
export function validationKey(instance: unknown): string | null {
  if (typeof instance !== 'object' || instance === null || !isExact(instance)) return null;
  const pkg = (instance as { pkg?: unknown }).pkg;
  // Checked here: the key below is made from copies of both.
  if (!isExact(pkg)) return null;
  let keyed: unknown = instance;
  if (typeof pkg === 'object' && pkg !== null && Array.isArray((pkg as { dependencies?: unknown }).dependencies)) {
    const dependencies = (pkg as { dependencies: unknown[] }).dependencies;
    if (!dependencies.every(isDependency)) return null;
    keyed = { ...instance, pkg: { ...pkg, dependencies: dependencies.length } };
  }
  let keyable = true;
  let text: string;
  try {
    text = JSON.stringify(keyed, function (this: Record<string, unknown>, key: string, value: unknown) {
      // The holder's own value: JSON.stringify gives the replacer what toJSON made of it.
      const raw = key === '' ? value : this[key];
      if (!isExact(raw)) keyable = false;
      return value;
    });
  } catch {
    return null;
  }
  return keyable ? digest(text) : null;
}

function isExact(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      const prototype = Object.getPrototypeOf(value) as unknown;
      return prototype === Object.prototype || prototype === null || prototype === Array.prototype;
    }
    default:
      return false;
  }
}

function readEntries(file: string, stamp: string): Record<string, ValidatedProcessParams> {
  try {
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, newline)) as Partial<Header>;
    const body = text.slice(newline + 1);
    if (newline < 0 || header.formatVersion !== FORMAT_VERSION || header.stamp !== stamp || header.digest !== digest(body)) return {};
    const entries = JSON.parse(body) as unknown;
    return typeof entries === 'object' && entries !== null && !Array.isArray(entries) ? (entries as Record<string, ValidatedProcessParams>) : {};
  } catch {
    return {};
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
