// htpasswd lines made at build time, in TypeScript: the build needs no apache2-utils, and a
// model builds the same file on every machine. Written by hand because no dependency-free library
// makes Apache's own "$apr1$" MD5 scheme (what `htpasswd -m` writes, which Apache verifies on every
// platform); test/services/htpasswd.test.ts checks it against OpenSSL and Apache's own htpasswd.
import { createHash } from 'node:crypto';

/** A user of HTTP basic authentication: a password (hashed at build time) or a ready hash (`htpasswd -nB user`). */
export type BasicAuthUser = { password: string } | { hash: string };

const itoa64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Apache's MD5 password hash with this salt (up to 8 characters of ./0-9A-Za-z): `$apr1$salt$hash`. */
export function apr1Hash(password: string, salt: string): string {
  const pw = Buffer.from(password, 'utf8');
  const magic = Buffer.from('$apr1$');
  const saltBytes = Buffer.from(salt.slice(0, 8));
  const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();

  const alternate = md5(pw, saltBytes, pw);
  const parts = [pw, magic, saltBytes];
  for (let left = pw.length; left > 0; left -= 16) parts.push(alternate.subarray(0, Math.min(left, 16)));
  for (let bits = pw.length; bits > 0; bits >>= 1) parts.push(bits & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
  let final = md5(...parts);
  // A thousand rounds, to make guessing slower (as in the original FreeBSD MD5 crypt).
  for (let round = 0; round < 1000; round++) {
    final = md5(round & 1 ? pw : final, round % 3 ? saltBytes : Buffer.alloc(0), round % 7 ? pw : Buffer.alloc(0), round & 1 ? final : pw);
  }
  const to64 = (value: number, count: number) => {
    let text = '';
    for (let i = 0; i < count; i++, value >>= 6) text += itoa64[value & 0x3f];
    return text;
  };
  const groups = [
    [0, 6, 12],
    [1, 7, 13],
    [2, 8, 14],
    [3, 9, 15],
    [4, 10, 5],
  ] as const;
  const encoded = groups.map(([a, b, c]) => to64((final[a]! << 16) | (final[b]! << 8) | final[c]!, 4)).join('') + to64(final[11]!, 2);
  return `$apr1$${salt.slice(0, 8)}$${encoded}`;
}

/**
 * An htpasswd file for these users. Salts derive from the realm, the user and the password, so the
 * same model gives the same file (the store's invariant) while equal passwords of different users,
 * or in different realms, still hash differently.
 */
export function htpasswdFile(realm: string, users: Record<string, BasicAuthUser>): string {
  return Object.entries(users)
    .map(([user, entry]) => {
      if (user === '' || user.includes(':') || /\s/.test(user)) throw new Error(`basic authentication: user name "${user}" may not be empty or contain ":" or white space`);
      if ('hash' in entry) return `${user}:${entry.hash}\n`;
      const digest = createHash('sha256').update(`${realm}\0${user}\0${entry.password}`).digest();
      const salt = Array.from(digest.subarray(0, 8), (byte) => itoa64[byte & 0x3f]).join('');
      return `${user}:${apr1Hash(entry.password, salt)}\n`;
    })
    .join('');
}
