// Which process managers can run inside an image, derived from the registry: every backend that
// deploys without needing systemd as PID 1. A manager added to the registry (s6-rc, runit, disnix)
// is offered here without a change; what its generated scripts call by name beyond the programs
// its descriptor declares goes in `commandsByManager`, one line per manager.
import { BACKENDS, descriptorOf } from '../backends/registry.ts';
import { ProcformError } from '../errors.ts';

/** Exit code of `procform image build -P <manager>` for a manager that cannot run in an image (sysexits' EX_USAGE). */
export const MANAGER_NOT_IN_IMAGES_EXIT_CODE = 64;

/** Programs a manager's scripts run by name (found on PATH in the container), beyond its descriptor's `programs`. */
const commandsByManager: Record<string, readonly string[]> = {};

export function imageManagers(): string[] {
  return BACKENDS.filter((backend) => backend.testing !== undefined && backend.testing.init !== 'systemd').map((backend) => backend.name);
}

export interface ImageManager {
  name: string;
  /** Absolute host paths of the programs it needs, with their package. */
  programs: readonly { path: string; package: string }[];
  commands: readonly string[];
}

export function imageManager(name: string): ImageManager {
  const descriptor = descriptorOf(name);
  const usable = imageManagers();
  if (descriptor === undefined || !usable.includes(name)) {
    const why =
      descriptor === undefined
        ? `"${name}" is not a process manager procform supports`
        : descriptor.testing === undefined
          ? `the process manager "${name}" only builds configuration; it cannot run anything in an image`
          : `the process manager "${name}" needs ${descriptor.testing.init} as PID 1 with the host's cgroups and cannot run in a container image`;
    throw new ProcformError(why, { hint: `Process managers that run in an image: ${usable.join(', ')}.`, processExitCode: MANAGER_NOT_IN_IMAGES_EXIT_CODE });
  }
  return { name, programs: descriptor.testing!.programs, commands: commandsByManager[name] ?? [] };
}
