#!/bin/bash
# systemd-pid1.sh SCRATCH [SHARED…]: runs as PID 1 of fresh pid, mount, cgroup, net, uts and ipc
# namespaces (process-managers-on-debian.md §7.2/§7.3) and becomes systemd. The root is a
# copy-on-write overlay of the host's (host programs, /work; a private /etc), thrown away with the
# namespace. SHARED folders are bind-mounted read-write at the same path. The host's enabled units
# are not started, so that the boot stays fast and nothing of the host's runs twice.
set -e
B=$1; shift
mount -t tmpfs tmpfs "$B"
mkdir -p "$B/upper" "$B/work" "$B/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$B/upper,workdir=$B/work" "$B/root"
R="$B/root"
mount -t proc proc "$R/proc"
mount -t sysfs -o ro sysfs "$R/sys"
mount -t cgroup2 cgroup2 "$R/sys/fs/cgroup"
mount -t tmpfs -o mode=755 tmpfs "$R/dev"
for d in null zero full random urandom tty; do touch "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done
mkdir -p "$R/dev/pts" "$R/dev/shm"; mount -t devpts -o newinstance,ptmxmode=0666 devpts "$R/dev/pts"; ln -s pts/ptmx "$R/dev/ptmx"
mount -t tmpfs tmpfs "$R/dev/shm"; mount -t tmpfs -o mode=755 tmpfs "$R/run"; mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
for s in "$@"; do mkdir -p "$R$s"; mount --bind "$s" "$R$s"; done
rm -f "$R"/etc/systemd/system/*.wants/*
ip link set lo up
cd "$R"; mkdir -p .oldroot; pivot_root . .oldroot; umount -l /.oldroot; rmdir /.oldroot
export container=unshare
exec /lib/systemd/systemd
