// The whole build's memo: the profile the last build made, keyed by everything that build started
// from once the model had run — the instances as the model returned them, its IDs and extra
// parameters, the store entries it wrote, the context and the target (build-cache.ts's sharedKey),
// the backend and procform's own build. When a model returns the same instances again (nothing
// changed), the build is that profile: nothing is validated, lowered, rendered or hashed again, and
// zod is not even loaded. What checking and lowering learnt from the target (which executables exist,
// its accounts) is recorded with the memo and asked again before it is used, as build-cache.ts does
// per instance; and the profile must still be in the store.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Capability } from '../backends/types.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import type { RunModel } from '../load/evaluate-model.ts';
import type { BuildTarget } from '../target/build-target.ts';
import { procformStamp, sharedKey } from './build-cache.ts';
import type { Manifest } from './manifest.ts';

/** What a build made, as the memo keeps it. */
export interface MemoProfile {
  path: string;
  manifest: Manifest;
  explanations: Record<string, Capability[]>;
}

interface MemoFile extends MemoProfile {
  probes: Record<string, boolean>;
  /** Digests of the target's users() and groups(), when the build asked for them. */
  accounts: { users?: string; groups?: string };
}

/** Where a store's memo for one backend lives: beside the build cache. */
export function profileMemoFile(storeDir: string, backend: string): string {
  return join(dirname(storeDir), 'build-cache', `${backend}.profile.json`);
}

/**
 * The target a build asks through, recording what it learns: the memo is valid only while the
 * target answers the same.
 */
export function recordingTarget(target: BuildTarget): { target: BuildTarget; probes: Record<string, boolean>; accounts: MemoFile['accounts'] } {
  const probes: Record<string, boolean> = {};
  const accounts: MemoFile['accounts'] = {};
  const recording: BuildTarget = Object.create(target, {
    // Asked once per path: 500 instances of one program need one look at it.
    isExecutable: { value: (path: string) => (probes[path] ??= target.isExecutable(path)) },
    users: {
      value: () => {
        const users = target.users();
        accounts.users = digest(users);
        return users;
      },
    },
    groups: {
      value: () => {
        const groups = target.groups();
        accounts.groups = digest(groups);
        return groups;
      },
    },
  });
  return { target: recording, probes, accounts };
}

/**
 * The memo key of a run model, or null when it cannot be keyed: the instances hold a function (an
 * override, say: what it does is not data) or are not JSON (a cycle).
 */
export function memoKey(backend: string, run: RunModel): string | null {
  let keyable = true;
  let text: string;
  try {
    text = JSON.stringify(
      [sharedKey(backend, run.ctx), run.ctx.ids, run.ctx.extraParams, [...run.store.entries()].map(([path]) => path).sort(), run.instances],
      (_key, value: unknown) => {
        if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') keyable = false;
        return value;
      },
    );
  } catch {
    return null;
  }
  return keyable ? createHash('sha256').update(text).digest('base64url') : null;
}

/**
 * The memo file: one line saying what the memo is for, then the profile. The first line is compared
 * as text, so that a memo of another model is not parsed (its manifest is large).
 */
function header(key: string): string {
  return JSON.stringify({ formatVersion: 2, stamp: procformStamp(), key });
}

/** The last build's profile, if it was made from the same key and the target still answers the same. */
export function readMemo(file: string, key: string, target: BuildTarget): MemoProfile | undefined {
  let memo: Partial<MemoFile>;
  try {
    const text = readFileSync(file, 'utf8');
    const expected = header(key);
    if (!text.startsWith(`${expected}\n`)) return undefined;
    memo = JSON.parse(text.slice(expected.length + 1)) as Partial<MemoFile>;
  } catch {
    return undefined;
  }
  if (memo.path === undefined || memo.manifest === undefined) return undefined;
  if (!Object.entries(memo.probes ?? {}).every(([path, executable]) => target.isExecutable(path) === executable)) return undefined;
  const accounts = memo.accounts ?? {};
  if (accounts.users !== undefined && digest(target.users()) !== accounts.users) return undefined;
  if (accounts.groups !== undefined && digest(target.groups()) !== accounts.groups) return undefined;
  if (!existsSync(memo.path)) return undefined;
  return { path: memo.path, manifest: memo.manifest, explanations: memo.explanations ?? {} };
}

/** Records what a build made from `key`; a memo that cannot be written only makes the next build slower. */
export async function writeMemo(file: string, key: string, profile: MemoProfile, recorded: Pick<MemoFile, 'probes' | 'accounts'>): Promise<void> {
  const memo: MemoFile = { path: profile.path, manifest: profile.manifest, explanations: profile.explanations, ...recorded };
  try {
    // Not flushed: a memo cut short by a crash does not parse, and is not used.
    await writeFileAtomic(file, `${header(key)}\n${JSON.stringify(memo)}`, 0o600, { durable: false });
  } catch {
    // Ignored: see above.
  }
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}
