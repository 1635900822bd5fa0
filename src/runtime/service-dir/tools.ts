import { InstanceError } from '../../errors.ts';
import { resolveExecutable } from '../../model/resolve-executable.ts';
import type { RunScriptTools } from './run-script.ts';

/** A program a generated script runs, by absolute path (resolved at build time), or an error naming the instance and the package. */
export function resolveTool(instance: string, name: string, install: string, why: string): string {
  const found = resolveExecutable({ kind: 'executable', name, install }, [], () => false);
  if (!found.ok) throw new InstanceError({ instance, message: `${why} needs ${name}: ${found.message}` }, { hint: found.hint });
  return found.path;
}

/** The helpers of the run script (util-linux and coreutils, on every Debian). */
export function runScriptTools(instance: string, why: string): RunScriptTools {
  return {
    setpriv: resolveTool(instance, 'setpriv', 'apt-get install util-linux', why),
    id: resolveTool(instance, 'id', 'apt-get install coreutils', why),
    nice: resolveTool(instance, 'nice', 'apt-get install coreutils', why),
    setsid: resolveTool(instance, 'setsid', 'apt-get install util-linux', why),
    kill: resolveTool(instance, 'kill', 'apt-get install procps', why),
  };
}
