#!/bin/bash
# cgwrap.sh NAME cmd... : join a fresh child cgroup NAME below our current cgroup in every
# hierarchy, then exec cmd (process-managers-on-debian.md §7.0). A systemd started from there in
# its own cgroup namespace only ever sees and changes that subtree.
NAME=$1; shift
while IFS=: read -r id ctrl path; do
  case "$ctrl" in "") mnt=/sys/fs/cgroup/unified ;; name=systemd) mnt=/sys/fs/cgroup/systemd ;; *) mnt=/sys/fs/cgroup/$ctrl ;; esac
  [ -d "$mnt" ] || continue
  d="$mnt${path%/}/$NAME"; mkdir -p "$d"
  [ "$ctrl" = cpuset ] && { cat "$mnt${path%/}/cpuset.cpus" > "$d/cpuset.cpus"; cat "$mnt${path%/}/cpuset.mems" > "$d/cpuset.mems"; }
  echo $$ > "$d/cgroup.procs"
done <<< "$(cat /proc/self/cgroup)"   # read it in one go: /proc/self/cgroup changes while we move ourselves
exec "$@"
