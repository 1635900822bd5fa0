// The record of the accounts procform created, and of which deployments use each: accounts are
// machine-wide, so their record is too. It lives beside the account databases, in
// /etc/procform/accounts.json, so that whatever holds a copy of /etc (a snapshot, a container, a
// test's private /etc, a sandbox) holds the matching record. Only recorded accounts are ever
// removed, and only once no deployment uses them. A creation is recorded (as intent) before
// groupadd/useradd runs, so that a crash in between never leaves an account procform made but
// does not know about.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { array, literal, looseObject, optional, record, string } from '../fs/light-schema.ts';
import { acquireLock } from '../fs/lock-file.ts';
import type { StateFileFormat } from '../fs/state-file.ts';
import { readStateFile } from '../fs/state-file.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import type { GroupProperties, UserProperties } from '../model/types.ts';
import { profileNames } from '../deploy/generations.ts';
import { stableJson } from '../store/stable-json.ts';
import type { AccountsOnMachine } from './plan-accounts.ts';

export const accountsRecordDir = '/etc/procform';
export const accountsRecordFile = join(accountsRecordDir, 'accounts.json');
const accountsLock = join(accountsRecordDir, 'accounts.lock');

export interface RecordedAccount<Properties> {
  /** The properties procform created it with. */
  properties: Properties;
  /** The deployments (their profile paths, `<profilesDir>/<profile>`) that use it. */
  usedBy: string[];
  /** Set before groupadd/useradd runs, cleared once it returned: a crash in between leaves it set (see repairRecord). */
  creating?: true;
}

export interface AccountsRecord {
  formatVersion: 1;
  groups: Record<string, RecordedAccount<GroupProperties>>;
  users: Record<string, RecordedAccount<UserProperties>>;
}

export const emptyAccountsRecord = (): AccountsRecord => ({ formatVersion: 1, groups: {}, users: {} });

// Light schemas, not zod: every switch as root reads the record, and must not pay for loading zod.
const recorded = looseObject({ properties: looseObject({}), usedBy: array(string()), creating: optional(literal(true)) });

const recordFormat: StateFileFormat<AccountsRecord> = {
  what: 'the record of the accounts procform created',
  versions: [1],
  schema: looseObject<AccountsRecord>({ formatVersion: literal(1), groups: record(recorded), users: record(recorded) }),
  repair:
    'procform only writes it whole, so it was edited. Repair it by hand: each user and group procform created, its properties, and the deployments (profile paths) that use it; an account missing from it is never removed by procform.',
};

/** The machine's record; empty when procform never created an account here. */
export async function readAccountsRecord(file = accountsRecordFile): Promise<AccountsRecord> {
  return (await readStateFile(file, recordFormat)) ?? emptyAccountsRecord();
}

/**
 * Runs `change` with the record under the machine-wide accounts lock (deployments in different
 * state folders share accounts, and each has a lock of its own), after repairing what an interrupted
 * change left. `save` writes the record atomically; call it after every step that must survive a crash.
 */
export async function withAccountsRecord<T>(exists: AccountsOnMachine, change: (record: AccountsRecord, save: () => Promise<void>) => Promise<T>): Promise<T> {
  const release = await acquireLock(accountsLock, { guards: `the accounts record ${accountsRecordFile}`, waitMs: 120_000 });
  try {
    const record = await readAccountsRecord();
    const save = () => writeFileAtomic(accountsRecordFile, stableJson(record));
    if (repairRecord(record, exists)) await save();
    return await change(record, save);
  } finally {
    await release();
  }
}

/**
 * Settles creations a crash interrupted: an account that exists was made by procform (its intent
 * came first); one that does not was never made, and is forgotten unless a deployment still counts
 * on it (then the next switch of that deployment makes it). Returns whether anything changed.
 */
export function repairRecord(record: AccountsRecord, exists: AccountsOnMachine): boolean {
  let changed = false;
  for (const kind of ['groups', 'users'] as const) {
    const entries: Record<string, RecordedAccount<object>> = record[kind];
    for (const [name, entry] of Object.entries(entries)) {
      if (!entry.creating) continue;
      changed = true;
      delete entry.creating;
      if (!(kind === 'groups' ? exists.group(name) : exists.user(name)) && entry.usedBy.length <= 1) delete entries[name];
    }
  }
  return changed;
}

/**
 * Folds a deployment's own record (`<libDir>/procform/accounts.json`, written by procform before
 * accounts were recorded machine-wide) into the machine's, used by every profile of that state
 * folder (the one switching included), and removes it. Nothing to do when there is none.
 */
export async function adoptDeploymentRecord(libDir: string, profilesDir: string, switching: string, exists: AccountsOnMachine): Promise<void> {
  const legacy = join(libDir, 'procform', 'accounts.json');
  if (!existsSync(legacy)) return;
  const legacyFormat: StateFileFormat<{ groups: Record<string, GroupProperties>; users: Record<string, UserProperties> }> = {
    ...recordFormat,
    what: 'the deployment\'s record of the accounts procform created',
    schema: looseObject({ formatVersion: literal(1), groups: record(looseObject({})), users: record(looseObject({})) }),
  };
  const old = await readStateFile(legacy, legacyFormat);
  if (old === null) return;
  // The deployments of the profiles folder, as their profile paths.
  const users = [...new Set([switching, ...(await profileNames(profilesDir)).map((name) => join(profilesDir, name))])];
  await withAccountsRecord(exists, async (record, save) => {
    for (const [kind, accounts] of [['groups', old.groups], ['users', old.users]] as const) {
      const entries: Record<string, RecordedAccount<object>> = record[kind];
      for (const [name, properties] of Object.entries(accounts)) {
        const entry = (entries[name] ??= { properties, usedBy: [] });
        entry.usedBy = [...new Set([...entry.usedBy, ...users])].sort();
      }
    }
    await save();
    await rm(legacy);
  });
}
