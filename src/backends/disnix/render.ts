import { stableJson } from '../../store/stable-json.ts';
import { daemonizedInstanceInfo } from '../daemonized-process.ts';
import type { LowerInput, ProfileInstance, RenderedFile } from '../types.ts';
import type { DisnixInstanceInfo } from './instance-info.ts';
import { disnixInfo } from './instance-info.ts';
import type { DisnixParams } from './params.ts';
import { processScript } from './process-script.ts';

/** Signals procform-daemonize cannot catch, and so cannot forward. */
const uncatchable = new Set(['SIGKILL', 'SIGSTOP']);

/** An instance's store entry: its process wrapper (bin/<name>-process) and what the driver reads. */
export function renderDisnix(params: DisnixParams, { spec, ctx }: LowerInput): Record<string, RenderedFile> {
  const process = processPath(params.name);
  const info: DisnixInstanceInfo = {
    ...daemonizedInstanceInfo(params, ctx),
    process,
    stopSignal: params.stop.signal,
    stopTimeoutMs: params.stop.timeoutMs,
    forwardsStop: !params.processIsDaemon && !uncatchable.has(params.stop.signal),
  };
  return {
    [process]: { kind: 'file', text: processScript(params, info.daemonizeStatusFile ?? '', spec.instance, ctx.target), executable: true },
    [disnixInfo.path(params.name)]: stableJson(info),
  };
}

/**
 * The profile's Dysnomia process configurations, as upstream's createProcessScript writes them
 * (`etc/dysnomia/process/<name>`: `process=` the wrapper, `pidFile=`), with the wrappers' absolute
 * store paths, which only the profile knows.
 */
export function renderDysnomiaConfigs(instances: readonly ProfileInstance[]): Record<string, RenderedFile> {
  return Object.fromEntries(
    instances.map(({ storePath, params }) => {
      const { name, pidFile } = params as DisnixParams;
      return [`etc/dysnomia/process/${name}`, `process=${storePath}/${processPath(name)}\npidFile=${pidFile}\n`];
    }),
  );
}

function processPath(name: string): string {
  return `bin/${name}-process`;
}
