// The private /etc the account tests run in: its accounts never take an ID a process of the machine
// runs with, since userdel then refuses to remove them ("currently used by process"), and `down`
// in one test failed whenever another test, a sandbox or the machine ran a process with that UID.
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isRunning } from '../../src/process/proc-stat.ts';
import { eventually } from '../support/eventually.ts';
import { tempDir } from '../support/temp-dir.ts';
import { idsInUse, runWithPrivateEtc } from './support/private-etc.ts';

const asRoot = process.getuid?.() === 0;

/** The UID and GID `useradd --system` and `groupadd --system` take in a plain copy of the machine's /etc. */
function nextSystemIds(): { uid: number; gid: number } {
  const etc = `${tempDir('procform-etc-')}/etc`;
  execFileSync('cp', ['-a', '/etc', etc]);
  const script = 'mount --bind "$1" /etc && groupadd --system pfnextg && useradd --system --no-log-init --no-user-group pfnext && id -u pfnext && getent group pfnextg | cut -d: -f3';
  const [uid, gid] = execFileSync('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-ec', script, 'sh', etc], { encoding: 'utf8' }).trim().split('\n').map(Number);
  return { uid: uid!, gid: gid! };
}

describe.skipIf(!asRoot)('a private /etc', () => {
  it('gives accounts IDs that no running process has, even the ones the machine would give next', async () => {
    const next = nextSystemIds();
    // A process of the machine holds them, as another test's or a sandbox's would.
    const holder = spawn('setpriv', [`--reuid=${next.uid}`, `--regid=${next.gid}`, '--clear-groups', 'sleep', '600'], { stdio: 'ignore' });
    onTestFinished(() => void holder.kill('SIGKILL'));
    await eventually(() => isRunning(holder.pid!) && idsInUse().has(next.uid), 10_000, `a process with UID ${next.uid}`);

    const run = await runWithPrivateEtc('groupadd --system pfprivg; useradd --system --no-log-init --no-user-group pfpriv; useradd --no-log-init pfperson; id -u pfpriv; getent group pfprivg | cut -d: -f3; id -u pfperson');
    expect(run.code, run.stderr).toBe(0);
    const ids = run.stdout.trim().split('\n').map(Number);
    expect(ids).toHaveLength(3);
    const inUse = idsInUse();
    expect(ids.filter((id) => inUse.has(id))).toEqual([]);
    expect(ids).not.toContain(next.uid);
  });
});
