// Every process manager procform knows by name, implemented or not yet. Override keys and
// --process-manager values are checked against it, so a typo is an error rather than a no-op.
export const KNOWN_PROCESS_MANAGERS: readonly string[] = [
  'builtin',
  'none',
  'supervisord',
  'sysvinit',
  'systemd',
  's6',
  's6-rc',
  'runit',
  'openrc',
  'launchd',
  'bsdrc',
  'cygrunsrv',
  'docker',
  'disnix',
];
