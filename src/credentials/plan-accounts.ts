// Which users and groups a switch creates and removes: pure, so that it can be printed (--dry-run)
// and unit-tested. The applier (apply-accounts.ts) carries the plan out.
import type { Manifest } from '../build/manifest.ts';
import { byName } from '../ids/assign-ids.ts';
import type { GroupProperties, UserProperties } from '../model/types.ts';
import { stableJson } from '../store/stable-json.ts';
import type { CreatedAccounts } from './created-accounts.ts';

export interface AccountsOnMachine {
  user(name: string): boolean;
  group(name: string): boolean;
}

export interface PlanAccountsInput {
  /** The profile being deployed; null when everything is being undeployed (`procform down`). */
  manifest: Manifest | null;
  /** What procform created before (readCreatedAccounts). */
  created: CreatedAccounts;
  /** Which accounts exist on the machine now (machineAccounts() outside tests). */
  exists: AccountsOnMachine;
}

/** A procform-created account whose declared properties changed since it was created. */
export interface AccountDrift {
  kind: 'user' | 'group';
  name: string;
  /** Properties whose declared value differs from the one the account was created with. */
  properties: string[];
}

export interface AccountPlan {
  /** Groups to create before new instances start, then users (a user's group must exist first). */
  createGroups: { name: string; properties: GroupProperties }[];
  createUsers: { name: string; properties: UserProperties }[];
  /** procform-created accounts no instance needs any more: removed after obsolete instances stop, users first. */
  deleteUsers: string[];
  deleteGroups: string[];
  /** Changed properties of accounts procform created earlier: reported, not applied (see docs/ids-and-credentials.md). */
  drift: AccountDrift[];
}

/**
 * Plans the accounts of a switch. Needed accounts that do not exist are created; existing ones are
 * used as they are, whoever made them. Only accounts procform recorded as its own, and that the new
 * profile no longer needs, are removed. An unprivileged deployment plans nothing at all.
 */
export function planAccounts({ manifest, created, exists }: PlanAccountsInput): AccountPlan {
  const plan: AccountPlan = { createGroups: [], createUsers: [], deleteUsers: [], deleteGroups: [], drift: [] };
  if (manifest?.forceDisableUserChange) return plan;
  const needed = neededAccounts(manifest);
  for (const [name, properties] of sortedEntries(needed.groups)) {
    if (!exists.group(name)) plan.createGroups.push({ name, properties });
    else if (created.groups[name] !== undefined) addDrift(plan, 'group', name, created.groups[name], properties);
  }
  for (const [name, properties] of sortedEntries(needed.users)) {
    if (!exists.user(name)) plan.createUsers.push({ name, properties });
    else if (created.users[name] !== undefined) addDrift(plan, 'user', name, created.users[name], properties);
  }
  plan.deleteUsers = Object.keys(created.users).filter((name) => needed.users[name] === undefined).sort(byName);
  plan.deleteGroups = Object.keys(created.groups).filter((name) => needed.groups[name] === undefined).sort(byName);
  return plan;
}

/** Every account the profile's instances declare (with IDs from the IDs file already filled in by the build). */
function neededAccounts(manifest: Manifest | null): { groups: Record<string, GroupProperties>; users: Record<string, UserProperties> } {
  const groups: Record<string, GroupProperties> = {};
  const users: Record<string, UserProperties> = {};
  for (const { spec } of Object.values(manifest?.instances ?? {})) {
    // The build ensures that a group declared by several instances is declared alike, and a user by one.
    Object.assign(groups, spec.credentials.groups);
    Object.assign(users, spec.credentials.users);
  }
  return { groups, users };
}

function addDrift(plan: AccountPlan, kind: 'user' | 'group', name: string, before: Record<string, unknown>, now: Record<string, unknown>): void {
  const properties = [...new Set([...Object.keys(before), ...Object.keys(now)])]
    .filter((key) => stableJson(before[key]) !== stableJson(now[key]))
    .sort(byName);
  if (properties.length > 0) plan.drift.push({ kind, name, properties });
}

function sortedEntries<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => byName(a, b));
}
