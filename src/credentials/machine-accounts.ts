import { spawnSync } from 'node:child_process';
import type { AccountsOnMachine } from './plan-accounts.ts';

/** One entry of the account databases, through NSS (getent), so that LDAP or systemd-sysusers accounts count too. */
export function lookupAccount(database: 'passwd' | 'group', name: string): string[] | undefined {
  const result = spawnSync('getent', [database, name], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.status === 0 ? result.stdout.trim().split(':') : undefined;
}

/** Which accounts exist on this machine now. */
export function machineAccounts(): AccountsOnMachine {
  return {
    user: (name) => lookupAccount('passwd', name) !== undefined,
    group: (name) => lookupAccount('group', name) !== undefined,
  };
}
