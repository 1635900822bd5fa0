import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { EventLog } from './events.ts';

/**
 * The guardian: a tiny sh process (about 1 MB) that holds a pipe from the supervisor and knows its
 * children's process groups. When the pipe closes without the supervisor having untracked them,
 * the supervisor is dead (even by SIGKILL, which no handler of its own can catch): the guardian
 * sends each group its stop signal and SIGCONT, waits up to the longest stop timeout, then SIGKILLs
 * what is left. Node has no PR_SET_PDEATHSIG for children; this is the portable stand-in.
 *
 * Lines on its standard input: "+ PGID SIGNAL TIMEOUT_MS SINCE" tracks a group whose first process
 * started at SINCE (clock ticks after boot), "- PGID" forgets it. A group ID whose process started
 * after SINCE has been given to a newcomer (see isRecycledGroup): it is never signalled.
 */
const script = `
trap '' INT TERM HUP QUIT
groups=' '
wait_ms=0
while IFS=' ' read -r op pgid signal timeout since; do
  case $op in
    +) groups="$groups$pgid:$signal:\${since:-0} "
       [ "$timeout" -gt "$wait_ms" ] 2>/dev/null && wait_ms=$timeout ;;
    -) case $groups in
         *" $pgid:"*) head=\${groups%%" $pgid:"*}; rest=\${groups#*" $pgid:"}; groups="$head \${rest#* }" ;;
       esac ;;
  esac
done
# Whether the entry PGID:SIGNAL:SINCE is still that group: no process whose PID is PGID started later.
ours() {
  since=\${1##*:}
  { read -r line < "/proc/\${1%%:*}/stat"; } 2>/dev/null || return 0
  set -- \${line##*) }
  [ "\${20}" -le "$since" ]
}
kept=' '
for entry in $groups; do
  if ours "$entry"; then kept="$kept$entry "; fi
done
groups=$kept
set -- $groups
[ $# -eq 0 ] && exit 0
echo "procform guardian $$: the supervisor is gone; stopping process groups:$groups" >&2
# SIGCONT after the stop signal: a stopped process (SIGSTOP, a debugger, ^Z) would see it only at
# SIGKILL otherwise. As ManagedInstance's stop does, and systemd.
for entry in $groups; do
  sig=\${entry#*:}; sig=\${sig%%:*}; sig=\${sig#SIG}
  kill -s "$sig" -- "-\${entry%%:*}" 2>/dev/null
  [ "$sig" = CONT ] || kill -s CONT -- "-\${entry%%:*}" 2>/dev/null
done
[ "$wait_ms" -gt 30000 ] && wait_ms=30000
# Whether a group still has a living member. Zombies do not count: PID 1 may reap orphans late.
alive() {
  for f in /proc/[0-9]*/stat; do
    { read -r line < "$f"; } 2>/dev/null || continue
    set -- \${line##*) }
    [ "$1" = Z ] && continue
    case $groups in *" $3:"*) return 0 ;; esac
  done
  return 1
}
ticks=$((wait_ms / 50))
while [ $ticks -gt 0 ] && alive; do
  sleep 0.05
  ticks=$((ticks - 1))
done
# Only groups that are still ours: one that ended during the wait may have lent its number already.
for entry in $groups; do
  ours "$entry" && kill -s KILL -- "-\${entry%%:*}" 2>/dev/null
done
exit 0
`;

export class Guardian {
  private child: ChildProcess | null = null;
  private readonly tracked = new Map<number, string>();
  private readonly log: EventLog;
  private readonly onStarted: (pid: number) => void;
  private closing = false;

  /** `onStarted` learns each guardian's PID (the first, and any that replaces one that was killed). */
  constructor(log: EventLog, onStarted: (pid: number) => void = () => {}) {
    this.log = log;
    this.onStarted = onStarted;
  }

  start(): void {
    // Its own session: a signal to the supervisor's process group does not reach it.
    const child = spawn('/bin/sh', ['-c', script, 'procform-guardian'], { detached: true, stdio: ['pipe', 'inherit', 'inherit'] });
    this.child = child;
    child.stdin!.on('error', () => {
      // The guardian died; 'exit' restarts it.
    });
    child.on('exit', () => {
      if (this.closing || this.child !== child) return;
      // Someone killed the guardian: start another and tell it everything it must watch.
      this.log({ kind: 'error', message: 'the guardian exited; starting a new one' });
      this.start();
    });
    if (child.pid !== undefined) {
      this.log({ kind: 'guardian', pid: child.pid });
      this.onStarted(child.pid);
    }
    for (const line of this.tracked.values()) child.stdin!.write(line);
  }

  track(pgid: number, signal: string, timeoutMs: number, since: number): void {
    const line = `+ ${pgid} ${signal} ${timeoutMs} ${since}\n`;
    this.tracked.set(pgid, line);
    this.send(line);
  }

  untrack(pgid: number): void {
    if (!this.tracked.delete(pgid)) return;
    this.send(`- ${pgid}\n`);
  }

  /** Written at once, not batched: a group the guardian does not know yet could be orphaned. */
  private send(line: string): void {
    const stdin = this.child?.stdin;
    if (stdin && !stdin.destroyed) stdin.write(line);
  }

  /** At a clean shutdown, once every group is gone: closing the pipe lets it exit with nothing to do. */
  close(): Promise<void> {
    this.closing = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.stdin!.end();
    });
  }
}
