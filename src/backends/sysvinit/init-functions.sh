# procform's init functions: sourced by the sysvinit scripts procform generates, as upstream's
# scripts source LFS's init-functions. POSIX sh (plus `local`, which Debian's sh has), built on
# Debian's start-stop-daemon. Not /lib/lsb/init-functions: its hooks hand scripts over to
# systemctl (when /run/systemd/system exists) or to runit's sv.
# Programs are called by absolute path and IFS is set where words are split, so a service's
# exported environment (PATH, IFS) cannot break these helpers.

# log_info_msg MESSAGE: starts a progress line ("Starting Nginx..."); evaluate_retval ends it.
log_info_msg() {
    printf '%s' "$*"
}

# evaluate_retval: ends the progress line with the outcome of the command before, and keeps its status.
evaluate_retval() {
    local status=$?
    if [ "$status" -eq 0 ]; then echo ' done.'; else echo ' failed!'; fi
    return "$status"
}

# procform_fields PID: sets _pf_state, _pf_pgrp and _pf_session from /proc/PID/stat; fails when PID is gone.
procform_fields() {
    local stat='' ifs="$IFS"
    { read -r stat < "/proc/$1/stat"; } 2>/dev/null || [ -n "$stat" ] || return 1
    # The command name (in parentheses) may hold anything; the fields after it are plain.
    IFS=' '
    set -- ${stat##*) }
    IFS=$ifs
    _pf_state=$1 _pf_pgrp=$3 _pf_session=$4
}

# procform_alive PID: whether PID runs. A zombie counts as gone: an orphaned daemon's corpse can
# wait seconds for init to reap it.
procform_alive() {
    procform_fields "$1" || return 1
    case "$_pf_state" in Z* | X* | x*) return 1 ;; esac
}

# procform_group_alive PGID SESSION: whether a live process is left in that process group.
procform_group_alive() {
    local group="$1" session="$2" entry
    for entry in /proc/[0-9]*; do
        procform_fields "${entry#/proc/}" || continue
        [ "$_pf_pgrp" = "$group" ] && [ "$_pf_session" = "$session" ] || continue
        case "$_pf_state" in Z* | X* | x*) ;; *) return 0 ;; esac
    done
    return 1
}

# procform_read_pid PIDFILE: sets _pf_pid. Fails as LSB's status does: 3 no PID file, 4 unreadable.
procform_read_pid() {
    _pf_pid=
    [ -e "$1" ] || return 3
    { read -r _pf_pid < "$1"; } 2>/dev/null
    case "$_pf_pid" in '' | *[!0-9]*) return 4 ;; esac
}

# procform_target PID: sets _pf_target to -PGID when PID's process group leads a session other
# than ours (the process or its parent called setsid: a daemon, procform-daemonize), else to PID.
# A PID that is gone still names its group while orphans of its session are left.
procform_target() {
    local own=''
    procform_fields "$$" && own=$_pf_session
    procform_fields "$1" || { _pf_pgrp=$1 _pf_session=$1; }
    if [ "$_pf_pgrp" = "$_pf_session" ] && [ "$_pf_session" != "$own" ] && [ "$_pf_pgrp" -gt 1 ]; then
        _pf_target=-$_pf_pgrp _pf_target_session=$_pf_session
    else
        _pf_target=$1 _pf_target_session=
    fi
}

procform_target_alive() {
    case "$_pf_target" in
        -*) procform_group_alive "${_pf_target#-}" "$_pf_target_session" ;;
        *) procform_alive "$_pf_target" ;;
    esac
}

# procform_wait_gone MILLISECONDS: waits, a tenth of a second at a time, until the target is gone.
procform_wait_gone() {
    local left="$1"
    while procform_target_alive; do
        [ "$left" -gt 0 ] || return 1
        @sleep@ 0.1
        left=$((left - 100))
    done
}

# statusproc [-q] -p PIDFILE NAME: the LSB status: 0 running, 1 dead but the PID file is left,
# 3 not running, 4 unknown.
statusproc() {
    local quiet='' pidfile='' opt OPTIND=1
    while getopts qp: opt; do
        case "$opt" in q) quiet=1 ;; p) pidfile=$OPTARG ;; *) return 4 ;; esac
    done
    shift $((OPTIND - 1))
    procform_read_pid "$pidfile"
    case $? in
        3) [ -n "$quiet" ] || echo "$1 is not running."; return 3 ;;
        4) [ -n "$quiet" ] || echo "$1: $pidfile holds no PID."; return 4 ;;
    esac
    if procform_alive "$_pf_pid"; then
        [ -n "$quiet" ] || echo "$1 is running with process ID $_pf_pid."
        return 0
    fi
    [ -n "$quiet" ] || echo "$1 is not running, but $pidfile exists."
    return 1
}

# killproc -p PIDFILE [-s SIGNAL] [-t MILLISECONDS] [-f]: stops the process the PID file names as
# start-stop-daemon --retry SIGNAL/TIMEOUT/KILL/5 would, but with its whole process group when it
# leads a session of its own: SIGNAL (TERM), SIGKILL after the timeout (10 s), then up to 5 s
# more. -f: the process forwards SIGNAL to its group itself (procform-daemonize), so it alone gets
# SIGNAL. Stopping what does not run succeeds. Removes the PID file.
killproc() {
    local pidfile='' signal=TERM timeout=10000 forwards='' opt OPTIND=1
    while getopts p:s:t:f opt; do
        case "$opt" in
            p) pidfile=$OPTARG ;;
            s) signal=$OPTARG ;;
            t) timeout=$OPTARG ;;
            f) forwards=1 ;;
            *) return 2 ;;
        esac
    done
    procform_read_pid "$pidfile"
    case $? in
        3) return 0 ;;
        4) echo "$pidfile holds no PID" >&2; return 1 ;;
    esac
    procform_target "$_pf_pid"
    if procform_target_alive; then
        if [ -n "$forwards" ] && procform_alive "$_pf_pid"; then
            kill -s "$signal" "$_pf_pid" 2>/dev/null
        else
            kill -s "$signal" -- "$_pf_target" 2>/dev/null
        fi
        if ! procform_wait_gone "$timeout"; then
            kill -s KILL -- "$_pf_target" 2>/dev/null
            if ! procform_wait_gone 5000; then
                echo "process $_pf_target survived SIGKILL" >&2
                return 1
            fi
        fi
    fi
    @rm@ -f -- "$pidfile"
}

# reloadproc -p PIDFILE [-s SIGNAL]: sends SIGNAL (HUP) to the process alone; 7 (LSB: not running)
# when it does not run.
reloadproc() {
    local pidfile='' signal=HUP opt OPTIND=1
    while getopts p:s: opt; do
        case "$opt" in p) pidfile=$OPTARG ;; s) signal=$OPTARG ;; *) return 2 ;; esac
    done
    statusproc -q -p "$pidfile" || return 7
    kill -s "$signal" "$_pf_pid"
}

# start_daemon -p PIDFILE [-l LOGFILE] [-u USER] [-n NICE] [-d DIR] [-i FUNCTION] PROGRAM [ARG...]:
# starts PROGRAM, which daemonizes and writes PIDFILE, through start-stop-daemon: as USER with
# its supplementary groups, at niceness +NICE, in DIR (default /). What it prints before it
# detaches is appended to LOGFILE. FUNCTION (initialize) runs first, as the caller (root).
# Starting what runs does nothing and succeeds. Sets PROCFORM_LOG_OFFSET: where this start's
# output begins in LOGFILE.
start_daemon() {
    local pidfile='' log=/dev/null user='' nice='' dir='' init='' program opt OPTIND=1
    while getopts p:l:u:n:d:i: opt; do
        case "$opt" in
            p) pidfile=$OPTARG ;;
            l) log=$OPTARG ;;
            u) user=$OPTARG ;;
            n) nice=$OPTARG ;;
            d) dir=$OPTARG ;;
            i) init=$OPTARG ;;
            *) return 2 ;;
        esac
    done
    shift $((OPTIND - 1))
    PROCFORM_LOG_OFFSET=0
    statusproc -q -p "$pidfile" && return 0
    # A stale PID file: clear it, with any orphan left in its process group; a garbled one goes.
    procform_read_pid "$pidfile" || [ $? -ne 4 ] || @rm@ -f -- "$pidfile"
    killproc -p "$pidfile" -t 5000 || return 1
    @mkdir@ -p -- "${pidfile%/*}" "${log%/*}" || return 1
    if [ -n "$init" ]; then
        "$init" || { echo "initialization failed" >&2; return 1; }
    fi
    [ ! -f "$log" ] || PROCFORM_LOG_OFFSET=$(($(@wc@ -c < "$log")))
    # A new log gets the mode logs have on every backend (0640), not the shell's umask.
    [ -e "$log" ] || (umask 027 && : >> "$log") || return 1
    program=$1
    shift
    set -- --startas "$program" -- "$@"
    [ -z "$dir" ] || set -- --chdir "$dir" "$@"
    [ -z "$nice" ] || set -- --nicelevel "$nice" "$@"
    [ -z "$user" ] || set -- --chuid "$user" "$@"
    if @startStopDaemon@ --start --quiet --pidfile "$pidfile" "$@" < /dev/null >> "$log" 2>&1 &&
        procform_wait_pidfile "$pidfile"; then
        return 0
    fi
    [ ! -f "$log" ] || @tail@ -c "+$((PROCFORM_LOG_OFFSET + 1))" "$log" | @tail@ -n 20 >&2
    return 1
}

# procform_wait_pidfile PIDFILE: a daemon's parent may exit before the daemon wrote its PID file;
# allow it 10 s. A PID file naming a process that is gone (start_daemon removed any stale one
# first) means the daemon has already exited: that fails at once.
procform_wait_pidfile() {
    local left=100
    until statusproc -q -p "$1"; do
        if [ $? -eq 1 ]; then
            echo "the process $1 names ($_pf_pid) has exited" >&2
            return 1
        fi
        if [ "$left" -le 0 ]; then
            echo "no running process in $1 after 10 s" >&2
            return 1
        fi
        @sleep@ 0.1
        left=$((left - 1))
    done
}

# wait_ready [-p PIDFILE] [-l LOGFILE] [-T] CHECK_JSON: returns once the readiness check passes,
# 1 when it times out or the process PIDFILE names is gone. `log` checks read LOGFILE from
# PROCFORM_LOG_OFFSET (-T: without line timestamps).
wait_ready() {
    local pidfile='' log='' timestamps='' opt OPTIND=1
    while getopts p:l:T opt; do
        case "$opt" in p) pidfile=$OPTARG ;; l) log=$OPTARG ;; T) timestamps=1 ;; *) return 2 ;; esac
    done
    shift $((OPTIND - 1))
    [ -z "$timestamps" ] || set -- --timestamps "$@"
    [ -z "$log" ] || set -- --log-file "$log" --log-offset "${PROCFORM_LOG_OFFSET:-0}" "$@"
    [ -z "$pidfile" ] || set -- --pid-file "$pidfile" "$@"
    @node@ @waitReady@ "$@"
}
