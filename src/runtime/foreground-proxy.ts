// The foreground proxy (upstream's generate-foreground-proxy, wrapDaemon = true): supervisord can
// only watch a process that stays in the foreground, and some programs only daemonize. The proxy
// starts the daemon, follows the PID file it writes, forwards signals to it, stops it (with SIGKILL
// to its process group after the stop timeout, which supervisord cannot reach: the daemon left
// supervisord's process group), and stays alive exactly as long as the daemon does.
import { shellQuote } from '../shell/quote.ts';

export interface ForegroundProxyOptions {
  pidFile: string;
  /** The stop signal, without SIG (supervisord sends it to the proxy's process group). */
  stopSignal: string;
  stopTimeoutMs: number;
}

/** How long the proxy waits for the daemon's PID file, as upstream's ten tries a second apart, but polled faster. */
export const PID_FILE_WAIT_MS = 10_000;

// Signals forwarded as they are; the stop signal is forwarded and then waited for.
const forwarded = ['HUP', 'INT', 'QUIT', 'USR1', 'USR2', 'TERM'];
const uncatchable = ['KILL', 'STOP'];

/** Shell lines that run "$@" (which daemonizes) and proxy it; the end of a wrapper script. */
export function foregroundProxyLines({ pidFile, stopSignal, stopTimeoutMs }: ForegroundProxyOptions): string[] {
  const tenths = Math.ceil(stopTimeoutMs / 100);
  return [
    '# Foreground proxy: the program only daemonizes, and supervisord needs a process in the foreground.',
    `pid_file=${shellQuote(pidFile)}`,
    '# A PID file left by an earlier run would be mistaken for the new daemon.',
    'if [ -e "$pid_file" ]; then',
    '  old_pid=$(cat "$pid_file" 2>/dev/null || :)',
    '  if [ -n "$old_pid" ] && kill -0 "$old_pid" 2>/dev/null; then',
    '    echo "procform: $pid_file names PID $old_pid, which still runs; stop it first" >&2',
    '    exit 1',
    '  fi',
    '  rm -f "$pid_file"',
    'fi',
    'daemon_pid=',
    '# A signal may arrive before the PID file was read (while the daemon starts): read it then.',
    'find_daemon() { [ -n "$daemon_pid" ] || daemon_pid=$(cat "$pid_file" 2>/dev/null || :); [ -n "$daemon_pid" ]; }',
    'forward() { if find_daemon; then kill -s "$1" "$daemon_pid" 2>/dev/null || :; fi; }',
    '# The process group a process is in (field 5 of /proc/PID/stat, after the command in parentheses):',
    '# a daemon that forked twice does not lead its group, so "-$daemon_pid" would name no group.',
    'group_of() { stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1; stat=${stat##*) }; set -- $stat; echo "$3"; }',
    '# SIGKILL to the daemon\'s process group; to the daemon alone when it stayed in ours.',
    'kill_daemon_group() {',
    '  group=$(group_of "$daemon_pid" || :)',
    '  case "$group" in',
    '    "" | 0 | 1 | *[!0-9]* | "$(group_of $$ || :)") kill -s KILL "$daemon_pid" 2>/dev/null || : ;;',
    '    *) kill -s KILL -- "-$group" 2>/dev/null || kill -s KILL "$daemon_pid" 2>/dev/null || : ;;',
    '  esac',
    '}',
    '# The stop signal: forward it, give the daemon the stop timeout, then kill its process group.',
    'stop() {',
    `  forward ${stopSignal}`,
    '  waited=0',
    '  while find_daemon && kill -0 "$daemon_pid" 2>/dev/null; do',
    `    if [ "$waited" -ge ${tenths} ]; then`,
    '      kill_daemon_group',
    '      break',
    '    fi',
    '    sleep 0.1',
    '    waited=$((waited + 1))',
    '  done',
    '  exit 0',
    '}',
    ...forwarded.filter((signal) => signal !== stopSignal).map((signal) => `trap 'forward ${signal}' ${signal}`),
    // KILL and STOP cannot be trapped: supervisord's own signal then reaches only the proxy.
    ...(uncatchable.includes(stopSignal) ? [] : [`trap stop ${stopSignal}`]),
    '"$@"',
    'waited=0',
    'while [ ! -s "$pid_file" ]; do',
    `  if [ "$waited" -ge ${PID_FILE_WAIT_MS / 100} ]; then`,
    `    echo "procform: the daemon wrote no PID file $pid_file within ${PID_FILE_WAIT_MS / 1000} s" >&2`,
    '    exit 1',
    '  fi',
    '  sleep 0.1',
    '  waited=$((waited + 1))',
    'done',
    'daemon_pid=$(cat "$pid_file")',
    '# The daemon is not our child: poll it. `wait` returns early when a signal arrives.',
    'while kill -0 "$daemon_pid" 2>/dev/null; do',
    '  sleep 0.5 &',
    '  wait $! 2>/dev/null || :',
    'done',
    '# It ended without being asked to: a failure, so that supervisord restarts it.',
    'echo "procform: the daemon (PID $daemon_pid) exited" >&2',
    'exit 1',
  ];
}
