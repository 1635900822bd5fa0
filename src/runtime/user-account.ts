import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';

export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

const cache = new Map<string, { passwd: string; account: Promise<Account> }>();

/** What changes when useradd or userdel change local accounts: /etc/passwd's identity and time. */
function passwdVersion(): string {
  try {
    const stat = statSync('/etc/passwd', { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch {
    return '';
  }
}

/**
 * Looks a user up through NSS (`getent passwd`), so accounts from LDAP or systemd-userdb work as
 * well as /etc/passwd. Cached while /etc/passwd does not change (a lookup costs a process): procform
 * itself removes an account a switch no longer needs and creates it again on rollback, often with
 * another UID, under a supervisor that keeps running.
 */
export function lookupAccount(name: string): Promise<Account> {
  const passwd = passwdVersion();
  const cached = cache.get(name);
  if (cached && cached.passwd === passwd) return cached.account;
  const account = new Promise<Account>((resolve, reject) => {
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
  cache.set(name, { passwd, account });
  return account;
}
