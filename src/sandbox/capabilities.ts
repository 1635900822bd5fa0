/**
 * Capabilities removed from everything in a sandbox (its PID 1, systemd's services, commands run
 * with exec): they act on the machine as a whole, which no namespace covers, and a service meant
 * for a real machine would use them there (hwclock setting the clock, systemd loading modules).
 * CAP_SYS_ADMIN stays: mounts and systemd need it, so root inside is protected from accidents,
 * not contained against malice.
 */
export const droppedCapabilities = [
  'sys_module',
  'sys_rawio',
  'sys_time',
  'syslog',
  'wake_alarm',
  'sys_pacct',
  'block_suspend',
  'mac_admin',
  'mac_override',
] as const;

/** The argument of `setpriv --bounding-set` that drops them. */
export function boundingSetArgument(): string {
  return droppedCapabilities.map((capability) => `-${capability}`).join(',');
}
