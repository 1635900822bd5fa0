import { InstanceError } from '../../errors.ts';
import type { ProcessSpec } from '../../model/types.ts';
import { escapeSpecifiers } from './escape.ts';

/**
 * A path for a path setting (WorkingDirectory=, PIDFile=, StandardOutput=append:…). systemd takes
 * these verbatim but for specifiers; a control character cannot be written at all, and leading or
 * trailing spaces would be trimmed away.
 */
export function unitPath(spec: ProcessSpec, field: string, path: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(path) || path !== path.trim()) {
    throw new InstanceError(
      { instance: spec.instance, field: `pkg.${field}`, message: `${JSON.stringify(path)} cannot be written in a systemd unit` },
      { hint: 'Use a path without control characters and without leading or trailing spaces.' },
    );
  }
  return escapeSpecifiers(path);
}
