// The foreground proxy, run by /bin/sh as the wrappers run it (dash on Debian): its stop kills the
// daemon's whole process group after the stop timeout, also when the daemon does not lead its group
// (a daemon that forked twice: its session leader is gone).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { foregroundProxyLines } from '../../src/runtime/foreground-proxy.ts';
import { eventually } from '../support/eventually.ts';
import { tempDir } from '../support/temp-dir.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

describe('foreground proxy', () => {
  it('kills the process group of a daemon that ignores the stop signal and does not lead its group', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'daemon.pid');
    // start: a session leader that forks the daemon and exits; the daemon ignores TERM (and so does
    // its child, which inherits that), writes its PID file and waits.
    const daemon = join(dir, 'daemon.sh');
    writeFileSync(
      daemon,
      [
        'case "$1" in',
        '  leader) sh "$0" daemon "$2" & exit 0 ;;',
        `  daemon) trap '' TERM; echo $$ > "$2.tmp"; sleep 300 & echo $! > "$2.child"; mv "$2.tmp" "$2"; wait; exit 0 ;;`,
        'esac',
        'setsid sh "$0" leader "$1" &',
      ].join('\n'),
    );
    const script = join(dir, 'proxy.sh');
    writeFileSync(script, foregroundProxyLines({ pidFile, stopSignal: 'TERM', stopTimeoutMs: 300 }).join('\n'));
    const proxy = spawn('/bin/sh', [script, 'sh', daemon, pidFile], { stdio: 'ignore' });
    const exited = new Promise((resolve) => proxy.once('exit', resolve));

    const [daemonPid, childPid] = await eventually(() => {
      if (!existsSync(pidFile) || !existsSync(`${pidFile}.child`)) return undefined;
      return [Number(readFileSync(pidFile, 'utf8')), Number(readFileSync(`${pidFile}.child`, 'utf8'))];
    }, 10_000, 'the daemon and its child');
    started.push(daemonPid!, childPid!);
    const group = Number(readFileSync(`/proc/${daemonPid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
    expect(group).not.toBe(daemonPid);

    proxy.kill('SIGTERM');
    await exited;
    await eventually(() => !alive(daemonPid!) || undefined, 10_000, 'the daemon to be killed');
    await eventually(() => !alive(childPid!) || undefined, 10_000, "the daemon's child, in its process group, to be killed");
  });
});
