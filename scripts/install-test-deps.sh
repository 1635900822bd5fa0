#!/bin/sh
# Installs the Debian packages procform's tests start for real (they never mock them).
# Run as root, or with sudo available.
set -eu
packages="nginx supervisor busybox-static curl"
# Sandboxes (src/sandbox): ip brings up loopback; ps/pgrep in the tests; systemd and D-Bus boot
# inside systemd sandboxes (util-linux and passwd, for unshare/nsenter/setpriv/useradd, are essential).
packages="$packages iproute2 procps systemd dbus"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null
