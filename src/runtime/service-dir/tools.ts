import type { BuildTarget } from '../../target/build-target.ts';
import { resolveTool } from '../../target/resolve-tool.ts';
import type { RunScriptTools } from './run-script.ts';

/** The helpers of the run script (util-linux, coreutils and procps, on every Debian) and procform's runtime, on the target. */
export function runScriptTools(target: BuildTarget, instance: string, neededBy: string): RunScriptTools {
  const tool = (name: string, pkg: string) => resolveTool(target, instance, name, { neededBy, install: `apt-get install ${pkg}` });
  return {
    setpriv: tool('setpriv', 'util-linux'),
    id: tool('id', 'coreutils'),
    nice: tool('nice', 'coreutils'),
    setsid: tool('setsid', 'util-linux'),
    kill: tool('kill', 'procps'),
    runtime: target.procformRuntime(),
  };
}
