// The guard: a small bash process on the host side of every sandbox, which owns what the sandbox
// leaves on the host (its cgroups) and its PID 1. createSandbox starts it detached (its own
// session), so a Ctrl-C meant for the creator does not reach it before it has cleaned up.
//
// It creates the sandbox's cgroup in every hierarchy, starts the launcher (setpriv → unshare → the
// init script) inside them, and then waits for one of two things:
// - end of file on its standard input: destroy() closed it, or the creator died (SIGKILL, Ctrl-C);
// - the launcher ending: the sandbox stopped by itself (`systemctl poweroff` inside).
// Either way it kills PID 1 (with it the kernel kills the whole pid namespace, and the mount
// namespace with everything mounted in it goes with the last process), then removes the cgroup
// folders depth-first, retrying while the last processes are still exiting. SIGTERM makes it do
// the same at any time, also while the sandbox is still being set up.
//
// Protocol, one line each on standard output:
//   ready PID1 [UID GID]   the sandbox is up (PID1 is its host PID)
//   failed                 setting up failed (its standard error said why)
//   exited STATUS          the sandbox's PID 1 ended by itself
//   clean                  everything has been removed
//   leftover FOLDER        a cgroup folder could not be removed
//
// Environment: PROCFORM_CGROUPS, the sandbox's cgroup folders, one per line. Arguments: the launcher.
// A plain template literal: `\${` and `\\n` below are bash's `${` and printf's `\n`.
export const guardScript = `set -u
trap '' PIPE INT HUP QUIT
readarray -t cgroups <<< "$PROCFORM_CGROUPS"
launcher= watcher= pid1=

say() { printf '%s\\n' "$*" 2>/dev/null || :; }

cleanup() {
  trap '' TERM
  if [ -n "$watcher" ]; then kill "$watcher" 2>/dev/null; fi
  if [ -n "$launcher" ]; then
    # Kill PID 1 (the whole pid namespace dies with it) while unshare is still its parent and
    # reaps it at once; killing unshare first would leave PID 1 to the machine's init, which may
    # take seconds to reap it. Before PID 1 exists, unshare --kill-child does the job.
    pid1=
    { read -r pid1 _ < "/proc/$launcher/task/$launcher/children"; } 2>/dev/null
    if [ -n "$pid1" ]; then kill -KILL "$pid1" 2>/dev/null; else kill -KILL "$launcher" 2>/dev/null; fi
    wait "$launcher" 2>/dev/null
  fi
  local folder tries=0 left=()
  for folder in "\${cgroups[@]}"; do
    # cgroup2 can kill a whole subtree at once: a backstop for anything that escaped the pid namespace.
    if [ -f "$folder/cgroup.kill" ]; then echo 1 > "$folder/cgroup.kill" 2>/dev/null; fi
  done
  while :; do
    left=()
    # The names are unique to this sandbox: whichever of them exist are ours.
    for folder in "\${cgroups[@]}"; do
      if [ -d "$folder" ]; then find "$folder" -depth -type d -exec rmdir {} + 2>/dev/null; fi
      if [ -d "$folder" ]; then left+=("$folder"); fi
    done
    if [ "\${#left[@]}" -eq 0 ]; then say clean; return; fi
    tries=$((tries + 1))
    if [ "$tries" -gt 500 ]; then break; fi
    sleep 0.02
  done
  for folder in "\${left[@]}"; do say "leftover $folder"; done
}
trap cleanup EXIT
trap 'exit 143' TERM

mkdir "\${cgroups[@]}" || { say failed; exit 1; }
for folder in "\${cgroups[@]}"; do
  # cpuset (v1) starts a new cgroup with no CPUs and no memory nodes: give it its parent's.
  if [ -f "$folder/cgroup.clone_children" ] && [ -f "$folder/cpuset.cpus" ]; then
    read -r value < "\${folder%/*}/cpuset.cpus"; echo "$value" > "$folder/cpuset.cpus"
    read -r value < "\${folder%/*}/cpuset.mems"; echo "$value" > "$folder/cpuset.mems"
  fi
done

# A SIGTERM between coproc's fork and the line that notes its PID would clean up without killing
# it: the sandbox would run on in the cgroups, holding the guard's standard error (so its creator
# waits for ever). It is held until the PID is known.
term=
trap 'term=1' TERM
coproc LAUNCHER {
  exec </dev/null
  # Join the sandbox's cgroups before anything of it starts, so nothing runs outside them.
  for folder in "\${cgroups[@]}"; do echo "$BASHPID" > "$folder/cgroup.procs" || exit 1; done
  exec "$@"
}
launcher=$LAUNCHER_PID
trap 'exit 143' TERM
if [ -n "$term" ]; then exit 143; fi
exec 5<&0
if ! read -r word uid gid <&"\${LAUNCHER[0]}" || [ "$word" != ready ]; then say failed; exit 1; fi
# unshare --fork has exactly one child: the sandbox's PID 1.
read -r pid1 _ < "/proc/$launcher/task/$launcher/children"
say "ready $pid1 $uid $gid"

# The watcher turns end of file on standard input into SIGTERM for the guard, whose trap cleans up.
# (Not \`wait -n\` on both: it misses a watcher that ended before it was called.)
(while read -r _; do :; done; kill -TERM $$) <&5 &
watcher=$!
wait "$launcher"
status=$?
launcher=
say "exited $status"
exit 0
`;
