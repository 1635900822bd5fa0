// Carries out an AccountPlan with groupadd/useradd/userdel/groupdel, under the machine-wide
// accounts lock. The switch calls applyAccountsBeforeStart before it starts new instances and
// releaseAccountsAfterStop after it stopped obsolete ones. The record is written after every step:
// intent before each creation, so that an interrupted switch never loses track of an account.
import { execFile } from 'node:child_process';
import { faultPoint } from '../fault-point.ts';
import type { GroupProperties, UserProperties } from '../model/types.ts';
import { groupaddCommand, groupdelCommand, useraddCommand, userdelCommand } from './account-commands.ts';
import type { RecordedAccount } from './accounts-record.ts';
import { withAccountsRecord } from './accounts-record.ts';
import { AccountError, AccountsLeftError } from './errors.ts';
import { lookupAccount, machineAccounts } from './machine-accounts.ts';
import type { AccountPlan, PlannedAccount } from './plan-accounts.ts';

export interface ApplyAccountsOptions {
  /** The deployment switching: its profile path, as the record names it. */
  deployment: string;
}

/**
 * Makes sure every account the plan needs exists, groups first: a missing one is created (recorded
 * as intent first), and procform's own are recorded as used by this deployment. An account that
 * exists but is not procform's, also one that appeared since the plan was made, is used as it is and
 * never recorded. Throws on the first failure: instances must not start without their accounts.
 */
export async function applyAccountsBeforeStart(plan: AccountPlan, options: ApplyAccountsOptions): Promise<void> {
  const groups = [...plan.createGroups, ...plan.useGroups];
  const users = [...plan.createUsers, ...plan.useUsers];
  if (groups.length + users.length === 0) return;
  await withAccountsRecord(machineAccounts(), async (record, save) => {
    const ensure = async <P>(kind: 'group' | 'user', account: PlannedAccount<P>, create: () => Promise<void>) => {
      const entries = (kind === 'group' ? record.groups : record.users) as Record<string, RecordedAccount<P>>;
      const entry = entries[account.name];
      if (lookupAccount(kind === 'group' ? 'group' : 'passwd', account.name) !== undefined) {
        // Someone else's (it existed before, or appeared since the plan): used as it is, never recorded.
        if (entry === undefined || entry.usedBy.includes(options.deployment)) return;
        entry.usedBy = [...entry.usedBy, options.deployment].sort();
        await save();
        return;
      }
      entries[account.name] = { properties: entry?.properties ?? account.properties, usedBy: withDeployment(entry, options.deployment), creating: true };
      await save();
      faultPoint(`accounts:${kind}-recorded`);
      try {
        await create();
      } catch (error) {
        // Not made: forget the intent (and an account that appeared meanwhile is not procform's).
        if (entry === undefined) delete entries[account.name];
        else entries[account.name] = entry;
        await save();
        throw error;
      }
      faultPoint(`accounts:${kind}-created`);
      delete entries[account.name]!.creating;
      await save();
    };
    for (const group of groups) await ensure('group', group, () => run(groupaddCommand(group.name, group.properties), `cannot create group "${group.name}"`, groupHint(group.properties)));
    for (const user of users) await ensure('user', user, () => run(useraddCommand(user.name, user.properties), `cannot create user "${user.name}"`, userHint(user.properties)));
  });
}

/**
 * Releases the accounts this deployment no longer needs, users first: an account no other
 * deployment uses is removed from the machine. Goes on past a failure (a process may still run as
 * a user): what it could not remove stays recorded as used by this deployment, so that its next
 * switch or `down` tries again. Returns the failures, as one error, or null.
 */
export async function releaseAccountsAfterStop(plan: AccountPlan, options: ApplyAccountsOptions): Promise<AccountsLeftError | null> {
  if (plan.releaseUsers.length + plan.releaseGroups.length === 0) return null;
  const failures: AccountError[] = [];
  const left: string[] = [];
  await withAccountsRecord(machineAccounts(), async (record, save) => {
    const release = async (kind: 'user' | 'group', name: string, remove: () => Promise<void>) => {
      const entries: Record<string, RecordedAccount<object>> = kind === 'user' ? record.users : record.groups;
      const entry = entries[name];
      if (entry === undefined || !entry.usedBy.includes(options.deployment)) return;
      const others = entry.usedBy.filter((deployment) => deployment !== options.deployment);
      if (others.length > 0) {
        entry.usedBy = others;
        await save();
        return;
      }
      try {
        if (lookupAccount(kind === 'user' ? 'passwd' : 'group', name) !== undefined) await remove();
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        failures.push(error);
        left.push(`${kind} ${name}`);
        return;
      }
      faultPoint(`accounts:${kind}-removed`);
      delete entries[name];
      await save();
    };
    // userdel may take the same-named group along; it may go only if this release removes it too.
    const groupGoes = (name: string) => plan.releaseGroups.includes(name) && (record.groups[name]?.usedBy ?? []).every((deployment) => deployment === options.deployment);
    for (const name of plan.releaseUsers) await release('user', name, () => removeUser(name, groupGoes(name)));
    for (const name of plan.releaseGroups) {
      await release('group', name, () => run(groupdelCommand(name), `cannot remove group "${name}"`, 'Is it still the primary group of a user that procform did not create?'));
    }
  });
  return failures.length === 0 ? null : new AccountsLeftError(left, failures);
}

function withDeployment(entry: RecordedAccount<unknown> | undefined, deployment: string): string[] {
  return [...new Set([...(entry?.usedBy ?? []), deployment])].sort();
}

/**
 * userdel also deletes a group named after the user when it is the user's primary group and has no
 * other members (Debian's USERGROUPS_ENAB, which Debian 12's userdel cannot turn off). When that
 * group is not procform's to remove (another account's, or used by a deployment), it is put back as it was.
 */
async function removeUser(name: string, sameNamedGroupGoes: boolean): Promise<void> {
  const sameNamedGroup = lookupAccount('group', name);
  await run(userdelCommand(name), `cannot remove user "${name}"`, `Is a process still running as ${name}? Stop it (\`ps -u ${name}\`), then run the switch or \`procform down\` again: procform keeps the account recorded and removes it then.`);
  if (sameNamedGroup === undefined || sameNamedGroupGoes || lookupAccount('group', name) !== undefined) return;
  await run(['groupadd', '--gid', sameNamedGroup[2]!, name], `cannot restore group "${name}", which userdel removed along with user "${name}"`);
}

function run(command: string[], failure: string, hint?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command[0]!, command.slice(1), { encoding: 'utf8' }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const said = stderr.trim() || error.message;
      reject(new AccountError(`${failure}: ${command.join(' ')} failed: ${said}`, { command, cause: error, ...(hint !== undefined && { hint }) }));
    });
  });
}

function groupHint(properties: GroupProperties): string | undefined {
  return properties.gid === undefined ? undefined : `Is gid ${properties.gid} taken by another group? Change it, or the gids pool in idresources.`;
}

function userHint(properties: UserProperties): string {
  return properties.group === undefined
    ? 'Check the user\'s properties (credentials.users).'
    : `Does group "${properties.group}" exist? Declare it in credentials.groups. Is uid ${properties.uid ?? '(system)'} free?`;
}
