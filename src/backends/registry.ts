import { UsageError } from '../errors.ts';
import { KNOWN_PROCESS_MANAGERS } from './names.ts';
import type { Backend } from './types.ts';

// Backends load lazily: building for one process manager never loads the others.
// Adding a process manager means adding a folder and one line here.
const backends: Record<string, () => Promise<Backend>> = {
  builtin: async () => (await import('./builtin/backend.ts')).builtinBackend as unknown as Backend,
  none: async () => (await import('./none/backend.ts')).noneBackend as unknown as Backend,
  supervisord: async () => (await import('./supervisord/backend.ts')).supervisordBackend as unknown as Backend,
  systemd: async () => (await import('./systemd/backend.ts')).systemdBackend as unknown as Backend,
  sysvinit: async () => (await import('./sysvinit/backend.ts')).sysvinitBackend as unknown as Backend,
};

export const IMPLEMENTED_PROCESS_MANAGERS: readonly string[] = Object.keys(backends);

export async function loadBackend(name: string): Promise<Backend> {
  const load = backends[name];
  if (load) return load();
  const implemented = IMPLEMENTED_PROCESS_MANAGERS.join(', ');
  if (KNOWN_PROCESS_MANAGERS.includes(name)) {
    throw new UsageError(`the process manager "${name}" is not supported yet`, { hint: `Supported: ${implemented}.` });
  }
  throw new UsageError(`"${name}" is not a process manager`, { hint: `Supported: ${implemented}.` });
}
