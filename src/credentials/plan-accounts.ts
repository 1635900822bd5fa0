// Which users and groups a switch creates, uses and releases: pure, so that it can be printed and
// unit-tested. The applier (apply-accounts.ts) carries the plan out under the machine-wide lock,
// checking again what may have changed since (another deployment's switch).
import type { Manifest } from '../build/manifest.ts';
import { byName } from '../ids/assign-ids.ts';
import type { GroupProperties, UserProperties } from '../model/types.ts';
import { stableJson } from '../store/stable-json.ts';
import type { AccountsRecord } from './accounts-record.ts';

export interface AccountsOnMachine {
  user(name: string): boolean;
  group(name: string): boolean;
}

export interface PlanAccountsInput {
  /** The profile being deployed; null when everything is being undeployed. */
  manifest: Manifest | null;
  /** The deployment switching: its profile path (`<profilesDir>/<profile>`), as the record names it. */
  deployment: string;
  /** The machine's record of the accounts procform created (readAccountsRecord). */
  record: AccountsRecord;
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

export interface PlannedAccount<Properties> {
  name: string;
  properties: Properties;
}

export interface AccountPlan {
  /** Missing accounts the profile needs: created before new instances start, groups first (a user's group must exist). */
  createGroups: PlannedAccount<GroupProperties>[];
  createUsers: PlannedAccount<UserProperties>[];
  /** Accounts procform created (for this deployment or another) that the profile needs: recorded as used by this deployment. */
  useGroups: PlannedAccount<GroupProperties>[];
  useUsers: PlannedAccount<UserProperties>[];
  /**
   * Accounts this deployment used and no longer needs: released after obsolete instances stop, users
   * first; removed from the machine when no other deployment uses them.
   */
  releaseUsers: string[];
  releaseGroups: string[];
  /** Changed properties of accounts procform created earlier: reported, not applied (see docs/ids-and-credentials.md). */
  drift: AccountDrift[];
}

/**
 * Plans the accounts of a switch. Needed accounts that do not exist are created; existing ones are
 * used as they are, whoever made them, and only procform's own are recorded as used. An
 * unprivileged deployment plans nothing at all.
 */
export function planAccounts({ manifest, deployment, record, exists }: PlanAccountsInput): AccountPlan {
  const plan: AccountPlan = { createGroups: [], createUsers: [], useGroups: [], useUsers: [], releaseUsers: [], releaseGroups: [], drift: [] };
  if (manifest?.forceDisableUserChange) return plan;
  const needed = neededAccounts(manifest);
  for (const [name, properties] of sortedEntries(needed.groups)) {
    const ours = record.groups[name];
    if (!exists.group(name)) plan.createGroups.push({ name, properties });
    else if (ours !== undefined) {
      plan.useGroups.push({ name, properties });
      addDrift(plan, 'group', name, ours.properties, properties);
    }
  }
  for (const [name, properties] of sortedEntries(needed.users)) {
    const ours = record.users[name];
    if (!exists.user(name)) plan.createUsers.push({ name, properties });
    else if (ours !== undefined) {
      plan.useUsers.push({ name, properties });
      addDrift(plan, 'user', name, ours.properties, properties);
    }
  }
  const released = (entries: AccountsRecord['users'] | AccountsRecord['groups'], stillNeeded: Record<string, unknown>) =>
    Object.keys(entries)
      .filter((name) => entries[name]!.usedBy.includes(deployment) && stillNeeded[name] === undefined)
      .sort(byName);
  plan.releaseUsers = released(record.users, needed.users);
  plan.releaseGroups = released(record.groups, needed.groups);
  return plan;
}

/** Whether a plan has anything to do (an unprivileged one never has). */
export function isEmptyAccountPlan(plan: AccountPlan): boolean {
  return [plan.createGroups, plan.createUsers, plan.useGroups, plan.useUsers, plan.releaseUsers, plan.releaseGroups].every((list) => list.length === 0);
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

function addDrift(plan: AccountPlan, kind: 'user' | 'group', name: string, before: object, now: object): void {
  const was = before as Record<string, unknown>;
  const is = now as Record<string, unknown>;
  const properties = [...new Set([...Object.keys(was), ...Object.keys(is)])].filter((key) => stableJson(was[key]) !== stableJson(is[key])).sort(byName);
  if (properties.length > 0) plan.drift.push({ kind, name, properties });
}

function sortedEntries<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => byName(a, b));
}
