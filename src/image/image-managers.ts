// Which process managers can run inside an image, derived from the registry: every backend that
// deploys without needing systemd as PID 1. A manager added to the registry (s6-rc, runit, disnix)
// is offered here without a change; what its generated scripts call by name beyond the programs
// its descriptor declares goes in `commandsByManager`, and a manager that cannot run in a container
// in `notInImages`: one line per manager.
import { BACKENDS, descriptorOf } from '../backends/registry.ts';
import { ProcformError } from '../errors.ts';

/** Exit code of `procform image build -P <manager>` for a manager that cannot run in an image (sysexits' EX_USAGE). */
export const MANAGER_NOT_IN_IMAGES_EXIT_CODE = 64;

/** Programs a manager runs by name or path (its helpers), beyond its descriptor's `programs` and their packages. */
const commandsByManager: Record<string, readonly string[]> = {
  // Built from source on Debian 12 (/usr/local/bin), so no package brings the rest of s6-rc along.
  's6-rc': ['s6-rc', 's6-rc-init', 's6-rc-compile', 's6-rc-update', '/usr/local/libexec/s6-rc-fdholder-filler', '/usr/local/libexec/s6-rc-oneshot-run'],
};

/** Deployable managers that cannot run in a container as docker and podman start one, and why. */
const notInImages: Record<string, string> = {
  openrc: 'runs every rc-service in a mount namespace of its own (unshare --mount), which a container without CAP_SYS_ADMIN cannot create',
  docker: 'runs each instance as a container of its own on a docker host (`procform switch -P docker`), not inside one',
};

export function imageManagers(): string[] {
  return BACKENDS.filter((backend) => backend.testing !== undefined && backend.testing.init !== 'systemd' && notInImages[backend.name] === undefined).map((backend) => backend.name);
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
          : notInImages[name] !== undefined
            ? `the process manager "${name}" cannot run in a container image: it ${notInImages[name]}`
            : `the process manager "${name}" needs ${descriptor.testing.init} as PID 1 with the host's cgroups and cannot run in a container image`;
    throw new ProcformError(why, { hint: `Process managers that run in an image: ${usable.join(', ')}.`, processExitCode: MANAGER_NOT_IN_IMAGES_EXIT_CODE });
  }
  return { name, programs: descriptor.testing!.programs, commands: commandsByManager[name] ?? [] };
}
