#!/bin/sh
# Installs the Debian packages procform's tests start for real (they never mock them).
# Run as root, or with sudo available. Running it again installs only what is missing.
#
# Many of them are servers (PostgreSQL, MariaDB, Tomcat, Apache, nginx, Redis, sshd, …) that
# Debian starts at once and at every boot. The tests never use those system instances: they start
# their own, in sandboxes. So while this script installs, a policy-rc.d forbids starting any
# service, and afterwards the services of the packages it newly installed are disabled at boot.
# Their programs stay; `systemctl enable --now NAME` turns one on again. Services of packages that
# were installed before are left exactly as they were.
set -eu
packages="nginx supervisor busybox-static curl"
# Sandboxes (src/sandbox): ip brings up loopback; ps/pgrep in the tests; systemd and D-Bus boot
# inside systemd sandboxes (util-linux and passwd, for unshare/nsenter/setpriv/useradd, are essential).
packages="$packages iproute2 procps systemd dbus"
# The services library (services/, examples/services): the servers and the clients the tests check them with.
packages="$packages postgresql mariadb-server mariadb-client tomcat10 apache2 redis-server memcached influxdb influxdb-client"
packages="$packages openssh-server openssh-client subversion xinetd s6 python3-psycopg2 libmariadb-java"
# Process managers procform deploys to (src/backends/*/descriptor.ts): s6 and execline for s6-rc;
# runit (without runit-init: --no-install-recommends). Tests run their own runsvdir, never /etc/service.
packages="$packages execline runit"
# Not packaged by Debian 12: built from the vendored source (../shared/vendor/, beside the project),
# with its own script, when s6-rc is missing.
vendored="s6-rc"
# Container images (procform image build, test/image): tini is their PID 1; the tests load and run
# images in a private dockerd and load them into podman. docker.io's dockerd is not started here.
packages="$packages tini docker.io podman"
# Mutable images on a Debian root (--base debian): mmdebstrap makes the root from the mirror.
packages="$packages mmdebstrap"
# Network deployment (docs/network.md): ssh and sshd (above) on the test machines; Graphviz for visualize --svg.
packages="$packages graphviz"
# Shell completion (procform completion zsh|fish) is tested in the shells themselves; bash is essential.
packages="$packages zsh fish"
# OpenRC (-P openrc): openrc-run, rc-service, supervise-daemon. Its postinst only fills /etc/runlevels;
# procform never runs those runlevels (docs/backends/openrc.md).
packages="$packages openrc"
# procform top is driven in a real terminal (tmux), procform dashboard in a real headless browser.
packages="$packages tmux chromium"
# Package and the system service it would start: disabled at boot when this run installs the package.
services="nginx:nginx supervisor:supervisor postgresql:postgresql mariadb-server:mariadb tomcat10:tomcat10 apache2:apache2
apache2:apache-htcacheclean redis-server:redis-server memcached:memcached influxdb:influxdb openssh-server:ssh xinetd:xinetd
docker.io:docker"

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
missing=""
for package in $packages; do installed "$package" || missing="$missing $package"; done

# s6-rc: Debian 12 has s6 2.11 but not s6-rc; build-s6-rc.sh builds the matching release (about 5 s).
here=$(cd "$(dirname "$0")" && pwd)
for tool in $vendored; do
  command -v "$tool" >/dev/null && continue
  builder=""
  for candidate in "$here/../../shared/vendor/build-$tool.sh" "$here/../vendor/build-$tool.sh"; do
    [ -x "$candidate" ] && builder=$candidate && break
  done
  if [ -z "$builder" ]; then
    echo "install-test-deps: $tool is missing and no build-$tool.sh was found; install it from your distribution or skarnet.org" >&2
    exit 1
  fi
  "$builder"
  echo "install-test-deps: built and installed $tool with $builder"
done
[ -n "$missing" ] || exit 0

# Debian's way to keep maintainer scripts from starting services (invoke-rc.d and
# deb-systemd-invoke both ask it). An existing one (containers have one) is left alone.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  trap '$sudo rm -f "$policy"' EXIT
  printf '#!/bin/sh\n# Written by procform scripts/install-test-deps.sh while it installs.\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
fi
$sudo apt-get update -qq
# shellcheck disable=SC2086 # one word per package
$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null

for entry in $services; do
  package=${entry%%:*}
  service=${entry#*:}
  case " $missing " in *" $package "*) ;; *) continue ;; esac
  if command -v systemctl >/dev/null; then
    $sudo systemctl disable --quiet "$service" 2>/dev/null || true
  else
    $sudo update-rc.d "$service" disable >/dev/null 2>&1 || true
  fi
  echo "install-test-deps: installed $package; its system service $service is not started, nor enabled at boot"
done
