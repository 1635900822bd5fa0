import { InstanceError } from '../../errors.ts';
import type { ProcessSpec } from '../../model/types.ts';

// Units get a prefix so that they never clash with a distribution's own units (an instance named
// "nginx" must not replace nginx.service) and so that procform's units are easy to list:
// `systemctl list-units 'procform-*'`. Upstream uses "nix-process-".
export const UNIT_PREFIX = 'procform-';

/** The unit of a process: procform-<name>.service. */
export function unitName(name: string): string {
  return `${UNIT_PREFIX}${name}.service`;
}

/** Whether the process manager's name for it makes a valid unit name (systemd.unit(5): no "@", 255 bytes at most). */
export function checkUnitName(spec: ProcessSpec): void {
  const unit = unitName(spec.name);
  if (!/^[A-Za-z0-9_.:-]+$/.test(spec.name) || unit.length > 255) {
    throw new InstanceError(
      { instance: spec.instance, field: 'pkg.name', message: `"${spec.name}" does not make a valid systemd unit name ("${unit}")` },
      { hint: 'Use letters, digits, "_", "." and "-" only, at most 237 characters.' },
    );
  }
}

/** Where the unit sits in an instance's store entry and in the profile, as upstream lays it out. */
export function unitFilePath(name: string, scope: 'system' | 'user'): string {
  return `etc/systemd/${scope}/${unitName(name)}`;
}
