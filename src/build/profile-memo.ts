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
 * The memo file, three lines: what the memo is for; the profile's path, what the build learnt from
 * the target and a digest of the third line; the manifest and explanations. The first line is
 * compared as text, so that a memo of another model is not parsed, and the third (900 KB for 500
 * instances) is parsed only when the caller asks for the manifest: `build` prints only the path.
 */
function header(key: string): string {
  return JSON.stringify({ formatVersion: 3, stamp: procformStamp(), key });
}

interface MemoState extends Pick<MemoFile, 'probes' | 'accounts'> {
  path: string;
  profileDigest: string;
}

/** The last build's profile, if it was made from the same key and the target still answers the same. */
export function readMemo(file: string, key: string, target: BuildTarget): MemoProfile | undefined {
  let state: Partial<MemoState>;
  let profileText: string;
  try {
    const text = readFileSync(file, 'utf8');
    const expected = `${header(key)}\n`;
    if (!text.startsWith(expected)) return undefined;
    const second = text.indexOf('\n', expected.length);
    if (second < 0) return undefined;
    state = JSON.parse(text.slice(expected.length, second)) as Partial<MemoState>;
    profileText = text.slice(second + 1);
  } catch {
    return undefined;
  }
  if (typeof state.path !== 'string' || state.profileDigest !== digestText(profileText)) return undefined;
  if (!Object.entries(state.probes ?? {}).every(([path, executable]) => target.isExecutable(path) === executable)) return undefined;
  const accounts = state.accounts ?? {};
  if (accounts.users !== undefined && digest(target.users()) !== accounts.users) return undefined;
  if (accounts.groups !== undefined && digest(target.groups()) !== accounts.groups) return undefined;
  if (!existsSync(state.path)) return undefined;
  // The digest matched: this is the text writeMemo wrote, so it parses.
  let profile: Pick<MemoProfile, 'manifest' | 'explanations'> | undefined;
  const parsed = () => (profile ??= JSON.parse(profileText) as Pick<MemoProfile, 'manifest' | 'explanations'>);
  return {
    path: state.path,
    get manifest() {
      return parsed().manifest;
    },
    get explanations() {
      return parsed().explanations ?? {};
    },
  };
}

/** Records what a build made from `key`; a memo that cannot be written only makes the next build slower. */
export async function writeMemo(file: string, key: string, profile: MemoProfile, recorded: Pick<MemoFile, 'probes' | 'accounts'>): Promise<void> {
  const profileText = JSON.stringify({ manifest: profile.manifest, explanations: profile.explanations });
  const state: MemoState = { path: profile.path, ...recorded, profileDigest: digestText(profileText) };
  try {
    // Not flushed: a memo cut short by a crash does not match its digest, and is not used.
    await writeFileAtomic(file, `${header(key)}\n${JSON.stringify(state)}\n${profileText}`, 0o600, { durable: false });
  } catch {
    // Ignored: see above.
  }
}

function digestText(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}
