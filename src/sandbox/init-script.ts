// The script that becomes a sandbox's PID 1. unshare starts it in fresh pid, mount, uts, ipc,
// network and cgroup namespaces; it builds the sandbox's file system, prints one line, `ready` (with
// the account's uid and gid for the unprivileged profile), and execs the real init. Before `ready`
// its standard error reaches createSandbox, which quotes it when setting up fails.
//
// Settings come in the environment (PROCFORM_SANDBOX_*), binds as arguments: source target ro|rw.
//
// Why this file system: an overlay of the host's root file system, with the writable layer in a
// tmpfs that exists only in this mount namespace. Every program installed on the host (node, nginx,
// supervisord, the procform checkout and its node_modules) is there as it is on the host; writes to
// /etc and /var (useradd, package state, logs) land in the tmpfs and vanish with the sandbox, so no
// folder is ever created on the host. /tmp, /var/tmp, /run, /home and /root start empty.
import { systemdSetup } from './systemd-setup.ts';

export const initScript = String.raw`set -euo pipefail
hostname=$PROCFORM_SANDBOX_HOSTNAME init=$PROCFORM_SANDBOX_INIT account=$PROCFORM_SANDBOX_ACCOUNT
hide_folders=$PROCFORM_SANDBOX_HIDE_FOLDERS hide_files=$PROCFORM_SANDBOX_HIDE_FILES
hide_users=$PROCFORM_SANDBOX_HIDE_USERS hide_groups=$PROCFORM_SANDBOX_HIDE_GROUPS
unset PROCFORM_SANDBOX_HOSTNAME PROCFORM_SANDBOX_INIT PROCFORM_SANDBOX_ACCOUNT PROCFORM_SANDBOX_HIDE_FOLDERS PROCFORM_SANDBOX_HIDE_FILES PROCFORM_SANDBOX_HIDE_USERS PROCFORM_SANDBOX_HIDE_GROUPS

# /proc/sys is still writable here, and the hostname in it is our uts namespace's.
echo "$hostname" > /proc/sys/kernel/hostname

# Any existing folder can hold the tmpfs: the mount exists only in this namespace. (mount -n
# everywhere: nothing is recorded in /run/mount/utab, which is the host's until /run is replaced.)
base=/run
mount -n -t tmpfs -o mode=755 procform-sandbox "$base"
mkdir "$base/upper" "$base/work" "$base/root"
root=$base/root
mount -n -t overlay procform-sandbox -o "lowerdir=/,upperdir=$base/upper,workdir=$base/work" "$root"

mount -n -t proc -o nosuid,nodev,noexec proc "$root/proc"
# Kernel settings no namespace covers stay read-only; those of our own network are writable.
mount -n --bind "$root/proc/sys" "$root/proc/sys"
mount -n -o remount,bind,ro "$root/proc/sys"
mount -n --bind "$root/proc/sys/net" "$root/proc/sys/net"
mount -n -o remount,bind,rw "$root/proc/sys/net"
if [ -e "$root/proc/sysrq-trigger" ]; then
  mount -n --bind "$root/proc/sysrq-trigger" "$root/proc/sysrq-trigger"
  mount -n -o remount,bind,ro "$root/proc/sysrq-trigger"
fi
mount -n -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
# Rooted at the sandbox's own cgroup (cgroup namespace): systemd manages this subtree and no other.
mount -n -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$root/sys/fs/cgroup"

# A minimal /dev: the host's devices (disks, consoles, kmsg) stay out.
dev=$root/dev
mount -n -t tmpfs -o mode=755,nosuid procform-dev "$dev"
# Device nodes copied from the host's devtmpfs: one process instead of a mknod for each.
cp -a /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty "$dev/"
mkdir "$dev/pts" "$dev/shm" "$dev/mqueue"
mount -n -t devpts -o newinstance,ptmxmode=0666,mode=620,nosuid,noexec devpts "$dev/pts"
mount -n -t tmpfs -o mode=1777,nosuid,nodev procform-shm "$dev/shm"
mount -n -t mqueue -o nosuid,nodev,noexec mqueue "$dev/mqueue"
ln -s pts/ptmx "$dev/ptmx"
ln -s /proc/self/fd "$dev/fd"
ln -s /proc/self/fd/0 "$dev/stdin"
ln -s /proc/self/fd/1 "$dev/stdout"
ln -s /proc/self/fd/2 "$dev/stderr"

mount -n -t tmpfs -o mode=755,nosuid,nodev procform-run "$root/run"
mount -n -t tmpfs -o mode=1777,nosuid,nodev procform-tmp "$root/tmp"
mount -n -t tmpfs -o mode=1777,nosuid,nodev procform-tmp "$root/var/tmp"
mount -n -t tmpfs -o mode=755,nosuid,nodev procform-home "$root/home"
mount -n -t tmpfs -o mode=700,nosuid,nodev procform-home "$root/root"
mkdir -m 1777 "$root/run/lock"
mkdir -m 755 "$root/run/user" "$root/run/procform-sandbox"

while [ "$#" -gt 0 ]; do
  source=$1 target=$2 mode=$3
  shift 3
  if [ -d "$source" ]; then mkdir -p "$root$target"; else mkdir -p "$(dirname "$root$target")"; : > "$root$target"; fi
  mount -n --rbind "$source" "$root$target"
  if [ "$mode" = ro ]; then mount -n -o remount,bind,ro "$root$target"; fi
done

# The old root goes on a folder of our own for a moment, then away for good.
cd "$root"
pivot_root . run/procform-sandbox
umount -n -l /run/procform-sandbox
cd /

# The host's procform deployments (host-deployments.ts): this machine starts without them. Their
# state behind empty folders, their files and accounts removed, all in this sandbox's layer only.
set -f
IFS=$'\n'
for folder in $hide_folders; do mkdir -p "$folder" && mount -n -t tmpfs -o mode=755,nosuid,nodev procform-hidden "$folder"; done
for file in $hide_files; do rm -f -- "$file" || :; done
IFS=$' \t\n'
for user in $hide_users; do userdel "$user" > /dev/null 2>&1 || :; done
for group in $hide_groups; do groupdel "$group" > /dev/null 2>&1 || :; done
set +f

echo "$hostname" > /etc/hostname
printf '127.0.1.1\t%s\n' "$hostname" >> /etc/hosts
# A machine id of its own (journald, D-Bus and systemd key things by it).
IFS=- read -r a b c d e < /proc/sys/kernel/random/uuid
echo "$a$b$c$d$e" > /etc/machine-id
ip link set lo up

uid= gid=
if [ -n "$account" ]; then
  useradd --create-home --user-group --shell /bin/bash "$account"
  while IFS=: read -r name _ u g _; do
    if [ "$name" = "$account" ]; then uid=$u gid=$g; fi
  done < /etc/passwd
fi

${systemdSetup}

if [ "$init" = none ]; then
  # systemd makes the user's runtime folder at login; without it, make it here.
  if [ -n "$account" ]; then install -d -m 700 -o "$uid" -g "$gid" "/run/user/$uid"; fi
  # bash reaps every child that ends, orphans included, and blocks for ever reading a FIFO it
  # holds open itself: a PID 1 that costs one process.
  mkfifo /run/procform-sandbox/init.fifo
  printf '%s\n' 'exec 3<>/run/procform-sandbox/init.fifo' 'while :; do read -r _ <&3 || :; done' > /run/procform-sandbox/init
fi

echo "ready $uid $gid"
exec </dev/null >/dev/null 2>&1
if [ "$init" = systemd ]; then exec /lib/systemd/systemd --unit=procform-sandbox.target; fi
exec -a procform-init /bin/bash /run/procform-sandbox/init
`;
