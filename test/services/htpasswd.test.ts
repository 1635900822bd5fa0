import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apr1Hash, htpasswdFile } from '../../services/htpasswd.ts';
import { tempDir } from '../support/temp-dir.ts';

const passwords = ['secret', '', 'a', 'sixteen-chars-xx', 'longer than sixteen bytes, with spaces', 'ünïcødé ☃', 'quo"te\'s $HOME `x`'];

describe('htpasswd lines made at build time', () => {
  it("hash as OpenSSL's apr1 does, for every salt length and password", () => {
    for (const password of passwords) {
      for (const salt of ['abcdefgh', 'x', './09AZaz']) {
        const expected = execFileSync('openssl', ['passwd', '-apr1', '-salt', salt, '-stdin'], { input: `${password}\n`, encoding: 'utf8' }).trim();
        expect(apr1Hash(password, salt), `${JSON.stringify(password)} with salt ${salt}`).toBe(expected);
      }
    }
  });

  it("are accepted by Apache's own htpasswd, and a wrong password is not", () => {
    const file = join(tempDir(), 'htpasswd');
    writeFileSync(file, htpasswdFile('Staff', Object.fromEntries(passwords.filter(Boolean).map((password, index) => [`user${index}`, { password }]))));
    passwords.filter(Boolean).forEach((password, index) => {
      expect(spawnSync('htpasswd', ['-vb', file, `user${index}`, password]).status, password).toBe(0);
      expect(spawnSync('htpasswd', ['-vb', file, `user${index}`, `${password}x`]).status).not.toBe(0);
    });
  });

  it('are the same on every build, and differ between users and realms with one password', () => {
    const users = { alice: { password: 'same' }, bob: { password: 'same' } };
    expect(htpasswdFile('Staff', users)).toBe(htpasswdFile('Staff', users));
    const [alice, bob] = htpasswdFile('Staff', users).trim().split('\n');
    expect(alice!.split(':')[1]).not.toBe(bob!.split(':')[1]);
    expect(htpasswdFile('Other', users)).not.toBe(htpasswdFile('Staff', users));
  });

  it('take ready hashes as they are, and refuse user names htpasswd cannot hold', () => {
    expect(htpasswdFile('Staff', { carol: { hash: '$2y$05$abc' } })).toBe('carol:$2y$05$abc\n');
    expect(() => htpasswdFile('Staff', { 'a:b': { password: 'x' } })).toThrow(/may not be empty or contain ":"/);
  });
});
