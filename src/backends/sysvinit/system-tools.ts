import { resolveTool } from '../../target/resolve-tool.ts';
import type { BuildTarget } from '../../target/build-target.ts';

/** The programs procform's init functions run, by absolute path. */
export interface SystemTools {
  startStopDaemon: string;
  sleep: string;
  rm: string;
  mkdir: string;
  tail: string;
  wc: string;
}

const packages: Record<keyof SystemTools, [string, string]> = {
  startStopDaemon: ['start-stop-daemon', 'dpkg'],
  sleep: ['sleep', 'coreutils'],
  rm: ['rm', 'coreutils'],
  mkdir: ['mkdir', 'coreutils'],
  tail: ['tail', 'coreutils'],
  wc: ['wc', 'coreutils'],
};

/** Resolves the init functions' programs at build time (see resolveTool). */
export function resolveSystemTools(instance: string, target: BuildTarget): SystemTools {
  const tools: Partial<SystemTools> = {};
  for (const [key, [name, pkg]] of Object.entries(packages) as [keyof SystemTools, [string, string]][]) {
    tools[key] = resolveTool(target, instance, name, { neededBy: 'the sysvinit backend', install: `apt-get install ${pkg}` });
  }
  return tools as SystemTools;
}
