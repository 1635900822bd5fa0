import { execFile } from 'node:child_process';

export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

const cache = new Map<string, Promise<Account>>();

/**
 * Looks a user up through NSS (`getent passwd`), so accounts from LDAP or systemd-userdb work as
 * well as /etc/passwd. Cached until `forgetAccounts()`: a lookup costs a process, and accounts
 * change only when a deployment is applied (a switch or rollback may remove a user and create it
 * again with another UID).
 */
export function lookupAccount(name: string): Promise<Account> {
  let known = cache.get(name);
  if (!known) {
    known = new Promise<Account>((resolve, reject) => {
      execFile('getent', ['passwd', name], (error, stdout) => {
        const fields = stdout.trim().split('\n')[0]?.split(':') ?? [];
        if (error || fields.length < 7) {
          cache.delete(name);
          reject(new Error(`user "${name}" does not exist`));
          return;
        }
        resolve({ name: fields[0]!, uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5]!, shell: fields[6]! });
      });
    });
    cache.set(name, known);
  }
  return known;
}

/** Drops every cached lookup: called whenever a deployment is applied, as accounts may have changed. */
export function forgetAccounts(): void {
  cache.clear();
}
