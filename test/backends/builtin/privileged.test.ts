import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { eventually, testDeployment } from './deployment.ts';

const isRoot = process.getuid?.() === 0;
const accountExists = (name: string) => {
  try {
    execFileSync('id', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
// An existing account with a supplementary group when there is one (postgres is in ssl-cert on Debian), else nobody.
const user = ['postgres', 'nobody'].find((name) => accountExists(name) && execFileSync('id', ['-G', name], { encoding: 'utf8' }).trim().includes(' ')) ?? 'nobody';
const id = (flag: string) => execFileSync('id', [flag, user], { encoding: 'utf8' }).trim();

/** Uid, Gid and Groups lines of /proc/PID/status. */
function credentials(pid: number): { uid: string; gid: string; groups: string[] } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)![1]!.trim();
  return { uid: field('Uid').split(/\s+/)[0]!, gid: field('Gid').split(/\s+/)[0]!, groups: field('Groups').split(/\s+/).filter(Boolean).sort() };
}

describe.skipIf(!isRoot)('builtin: privileged deployments', () => {
  it(`runs the process as its user (${user}) with that user's groups, supplementary ones included, and initialize as root`, async () => {
    const deployment = testDeployment({ forceDisableUserChange: false });
    const initOwner = join(deployment.outDir, 'init-uid');
    await deployment.deploy(() => ({
      worker: { pkg: createManagedProcess({ process: '/bin/sleep', args: [1000], user, initialize: `id -u > ${initOwner}` }) },
    }));
    const { pid } = await deployment.statusOf('worker');
    const seen = await eventually(() => {
      const current = credentials(pid!);
      return current.uid === id('-u') ? current : undefined;
    });
    expect(seen).toEqual({ uid: id('-u'), gid: id('-g'), groups: id('-G').split(' ').sort() });
    expect(seen.groups).not.toContain('0');
    expect(readFileSync(initOwner, 'utf8').trim()).toBe('0');
    // Its environment names the user, not root.
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`USER=${user}`);
  });

  it('an unprivileged build (forceDisableUserChange) ignores the user and changes nothing about credentials', async () => {
    const deployment = testDeployment({ forceDisableUserChange: true });
    await deployment.deploy(() => ({ worker: { pkg: createManagedProcess({ process: '/bin/sleep', args: [1000], user }) } }));
    const { pid } = await deployment.statusOf('worker');
    await eventually(() => (existsSync(`/proc/${pid}/status`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('/bin/sleep') ? true : undefined));
    expect(credentials(pid!).uid).toBe(String(process.getuid!()));
  });

  it('fails an instance whose user does not exist, naming it', async () => {
    const deployment = testDeployment({ forceDisableUserChange: false });
    const error = await deployment
      .deploy(() => ({ ghost: { pkg: createManagedProcess({ process: '/bin/sleep', args: [1000], user: 'no-such-user-procform' }) } }))
      .catch((thrown: Error) => thrown);
    expect(error).toMatchObject({ instance: 'ghost', message: expect.stringContaining('user "no-such-user-procform" does not exist') });
  });
});
