// How a sandbox's copy of the host's /etc is changed before systemd boots from it. The host's root
// file system has every unit the host's administrator enabled (nginx, postgresql, supervisor, apt
// timers, …) and every unit a real machine needs at boot. A test machine should start clean and
// fast, so:
// - the administrator's enablements (/etc/systemd/system/*.wants) are removed: only what a test
//   deploys runs;
// - units that act on the host's kernel or hardware, or only slow down the boot of a container,
//   are masked (an empty unit file is a mask);
// - generators that turn host configuration (fstab, SysV scripts, rc.local, postgresql clusters)
//   into units are disabled the same way;
// - systemd boots procform-sandbox.target: multi-user.target (journald, D-Bus, logind) plus, for
//   the unprivileged profile, the account's user manager, so that `systemctl --user` works as soon
//   as the boot has finished.

/** Units masked in every systemd sandbox. */
export const maskedUnits = [
  // the host's kernel: modules, sysctls, binfmt, debug/trace/config file systems
  'systemd-modules-load.service',
  'systemd-sysctl.service',
  'systemd-binfmt.service',
  'proc-sys-fs-binfmt_misc.automount',
  'proc-sys-fs-binfmt_misc.mount',
  'sys-kernel-debug.mount',
  'sys-kernel-tracing.mount',
  'sys-kernel-config.mount',
  'sys-fs-fuse-connections.mount',
  'dev-hugepages.mount',
  'dev-mqueue.mount',
  'kmod-static-nodes.service',
  'modprobe@.service',
  'systemd-tmpfiles-setup-dev.service',
  'systemd-pstore.service',
  // first boot, disks, TPM, persistence: a sandbox has none of them
  'systemd-remount-fs.service',
  'systemd-firstboot.service',
  'systemd-machine-id-commit.service',
  'systemd-random-seed.service',
  'systemd-repart.service',
  'systemd-pcrphase.service',
  'systemd-pcrphase-sysinit.service',
  'systemd-sysusers.service',
  'systemd-journal-flush.service',
  'systemd-update-utmp.service',
  'systemd-update-utmp-runlevel.service',
  'e2scrub_reap.service',
  // consoles and passwords: nobody logs in at a console
  'getty.target',
  'console-getty.service',
  'systemd-ask-password-console.path',
  'systemd-ask-password-wall.path',
] as const;

/** Generators disabled in every systemd sandbox. systemd-debug-generator stays (systemd.mask= and friends). */
export const disabledGenerators = [
  'systemd-fstab-generator',
  'systemd-sysv-generator',
  'systemd-rc-local-generator',
  'systemd-getty-generator',
  'systemd-gpt-auto-generator',
  'systemd-cryptsetup-generator',
  'systemd-integritysetup-generator',
  'systemd-veritysetup-generator',
  'systemd-hibernate-resume-generator',
  'systemd-system-update-generator',
  'postgresql-generator',
] as const;

/**
 * The shell fragment of the init script that prepares /etc for systemd (runs after pivot_root, in
 * the sandbox's own copy of /etc; `$init`, `$account` and `$uid` are set by then). Bash builtins
 * only, apart from one rm and one mkdir, so it costs almost nothing.
 */
export const systemdSetup = `if [ "$init" = systemd ]; then
  rm -rf /etc/systemd/system/*.wants /etc/systemd/system/*.requires
  for unit in ${maskedUnits.join(' ')}; do : > "/etc/systemd/system/$unit"; done
  mkdir -p /etc/systemd/system-generators /var/lib/systemd/linger
  for generator in ${disabledGenerators.join(' ')}; do : > "/etc/systemd/system-generators/$generator"; done
  printf '%s\\n' '[Unit]' 'Description=procform sandbox' 'Requires=multi-user.target' 'After=multi-user.target' 'AllowIsolate=yes' > /etc/systemd/system/procform-sandbox.target
  if [ -n "$account" ]; then
    # Started by the boot (so waiting for the boot waits for it), and lingering, so that logind
    # keeps it running without a login session.
    printf 'Wants=user@%s.service\\nAfter=user@%s.service\\n' "$uid" "$uid" >> /etc/systemd/system/procform-sandbox.target
    : > "/var/lib/systemd/linger/$account"
  fi
fi`;
