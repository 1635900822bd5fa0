import { randomBytes } from 'node:crypto';
import { SandboxError } from './errors.ts';

const namePattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * A unique id for one sandbox: its hostname and the name of its cgroups. The random suffix keeps
 * parallel runs (and other users of the machine) from ever sharing a cgroup.
 */
export function sandboxId(name = 'sbx'): string {
  if (!namePattern.test(name)) {
    throw new SandboxError(`sandbox name "${name}" is not usable as a hostname and cgroup name`, {
      hint: 'Use 1 to 40 lowercase letters, digits and dashes, starting with a letter or digit.',
    });
  }
  return `${name}-${randomBytes(4).toString('hex')}`;
}

/** The cgroup folder name of a sandbox, recognisable among other cgroups on the machine. */
export function cgroupName(id: string): string {
  return `procform-${id}`;
}
