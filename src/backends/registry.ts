import { UsageError } from '../errors.ts';
import { bsdrc } from './bsdrc/descriptor.ts';
import { builtin } from './builtin/descriptor.ts';
import { cygrunsrv } from './cygrunsrv/descriptor.ts';
import { disnix } from './disnix/descriptor.ts';
import { docker } from './docker/descriptor.ts';
import type { BackendDescriptor } from './descriptor.ts';
import { launchd } from './launchd/descriptor.ts';
import { KNOWN_PROCESS_MANAGERS } from './names.ts';
import { none } from './none/descriptor.ts';
import { openrc } from './openrc/descriptor.ts';
import { runit } from './runit/descriptor.ts';
import { s6Rc } from './s6-rc/descriptor.ts';
import { supervisord } from './supervisord/descriptor.ts';
import { systemd } from './systemd/descriptor.ts';
import { sysvinit } from './sysvinit/descriptor.ts';
import type { Backend } from './types.ts';

// Every backend, in the order users see them (README, help, test matrix). Adding a process manager
// means adding its folder and its descriptor here; see docs/contributing.md.
export const BACKENDS: readonly BackendDescriptor[] = [builtin, supervisord, sysvinit, systemd, s6Rc, runit, disnix, docker, openrc, launchd, bsdrc, cygrunsrv, none];

/** What `-P` means when it is not given. */
export const DEFAULT_PROCESS_MANAGER = builtin.name;

export const IMPLEMENTED_PROCESS_MANAGERS: readonly string[] = BACKENDS.map((backend) => backend.name);

/** The backends that deploy: `procform test`'s default matrix, and what the conformance suite runs. */
export const DEPLOYABLE_PROCESS_MANAGERS: readonly string[] = BACKENDS.filter((backend) => backend.testing !== undefined).map((backend) => backend.name);

/** The deployable backends the test framework's machines can run: `procform test`'s default matrix and the conformance suite. */
export const MACHINE_TESTED_PROCESS_MANAGERS: readonly string[] = BACKENDS.filter((backend) => backend.testing !== undefined && backend.testing.notInMachines === undefined).map(
  (backend) => backend.name,
);

/** The descriptor of an implemented backend, by name or alias, or undefined. */
export function descriptorOf(name: string): BackendDescriptor | undefined {
  return BACKENDS.find((backend) => backend.name === name || backend.aliases?.includes(name));
}

/** A backend's own name for a `-P` value that may be an alias (`process` → `disnix`); others unchanged. */
export function canonicalProcessManager(name: string): string {
  return descriptorOf(name)?.name ?? name;
}

// Backends load lazily: building for one process manager never loads the others.
export async function loadBackend(name: string): Promise<Backend> {
  const descriptor = descriptorOf(name);
  if (descriptor) return descriptor.load();
  const implemented = IMPLEMENTED_PROCESS_MANAGERS.join(', ');
  if (KNOWN_PROCESS_MANAGERS.includes(name)) {
    throw new UsageError(`the process manager "${name}" is not supported yet`, { hint: `Supported: ${implemented}.` });
  }
  throw new UsageError(`"${name}" is not a process manager`, { hint: `Supported: ${implemented}.` });
}
