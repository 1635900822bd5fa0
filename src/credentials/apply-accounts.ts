// Carries out an AccountPlan with groupadd/useradd/userdel/groupdel. The switch calls
// applyAccountsBeforeStart before it starts new instances and removeAccountsAfterStop after it
// stopped obsolete ones. The record of created accounts is rewritten after every single change,
// so that an interrupted switch never forgets an account it made.
import { execFile } from 'node:child_process';
import type { GroupProperties, UserProperties } from '../model/types.ts';
import { groupaddCommand, groupdelCommand, useraddCommand, userdelCommand } from './account-commands.ts';
import { readCreatedAccounts, writeCreatedAccounts } from './created-accounts.ts';
import { AccountError } from './errors.ts';
import { lookupAccount } from './machine-accounts.ts';
import type { AccountPlan } from './plan-accounts.ts';

export interface ApplyAccountsOptions {
  /** The deployment's libDir: the record lives in <libDir>/procform/accounts.json. */
  libDir: string;
}

/** Creates the plan's groups, then its users. Throws on the first failure: instances must not start without their accounts. */
export async function applyAccountsBeforeStart(plan: AccountPlan, options: ApplyAccountsOptions): Promise<void> {
  if (plan.createGroups.length + plan.createUsers.length === 0) return;
  const record = await readCreatedAccounts(options.libDir);
  for (const { name, properties } of plan.createGroups) {
    // Someone may have made it since the plan; then it is theirs, and not recorded as ours.
    if (lookupAccount('group', name) !== undefined) continue;
    await run(groupaddCommand(name, properties), `cannot create group "${name}"`, groupHint(properties));
    record.groups[name] = properties;
    await writeCreatedAccounts(options.libDir, record);
  }
  for (const { name, properties } of plan.createUsers) {
    if (lookupAccount('passwd', name) !== undefined) continue;
    await run(useraddCommand(name, properties), `cannot create user "${name}"`, userHint(properties));
    record.users[name] = properties;
    await writeCreatedAccounts(options.libDir, record);
  }
}

/**
 * Removes the plan's users, then its groups. Goes on past a failure (a process may still run as a
 * user), keeps what it could not remove in the record, so that the next switch tries again, and
 * then throws one AccountError listing every failure.
 */
export async function removeAccountsAfterStop(plan: AccountPlan, options: ApplyAccountsOptions): Promise<void> {
  if (plan.deleteUsers.length + plan.deleteGroups.length === 0) return;
  const record = await readCreatedAccounts(options.libDir);
  const failures: AccountError[] = [];
  const attempt = async (action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      failures.push(error);
    }
  };
  for (const name of plan.deleteUsers) {
    await attempt(async () => {
      if (lookupAccount('passwd', name) !== undefined) await removeUser(name, plan);
      delete record.users[name];
      await writeCreatedAccounts(options.libDir, record);
    });
  }
  for (const name of plan.deleteGroups) {
    await attempt(async () => {
      if (lookupAccount('group', name) !== undefined) await run(groupdelCommand(name), `cannot remove group "${name}"`, 'Is it still the primary group of a user that procform did not create?');
      delete record.groups[name];
      await writeCreatedAccounts(options.libDir, record);
    });
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new AccountError(`${failures.length} accounts could not be removed:\n${failures.map((failure) => failure.message).join('\n')}`, {
      hint: 'They stay recorded as procform\'s; the next switch tries again.',
    });
  }
}

/**
 * userdel also deletes a group named after the user when it is the user's primary group and has no
 * other members (Debian's USERGROUPS_ENAB, which Debian 12's userdel cannot turn off). When that
 * group is not procform's to remove (another account's, or still needed), it is put back as it was.
 */
async function removeUser(name: string, plan: AccountPlan): Promise<void> {
  const sameNamedGroup = lookupAccount('group', name);
  await run(userdelCommand(name), `cannot remove user "${name}"`, 'Is a process still running as this user? The next switch tries again.');
  if (sameNamedGroup === undefined || plan.deleteGroups.includes(name) || lookupAccount('group', name) !== undefined) return;
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
