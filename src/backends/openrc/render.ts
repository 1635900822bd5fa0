import { daemonizeStatusFile } from '../../runtime/daemonizer/command.ts';
import { stableJson } from '../../store/stable-json.ts';
import type { LowerInput, RenderedFile } from '../types.ts';
import type { OpenrcInstanceInfo } from './instance-info.ts';
import { instanceInfoPath } from './instance-info.ts';
import type { OpenrcParams } from './params.ts';
import { renderOpenrcScript } from './render-script.ts';

/** An instance's store entry: etc/init.d/<name> and what the driver reads. */
export function renderOpenrc(params: OpenrcParams, { spec, ctx }: LowerInput): Record<string, RenderedFile> {
  const statusFile = params.mode === 'daemonize' ? daemonizeStatusFile(ctx.runtimeDir, params.name) : null;
  const script = `etc/init.d/${params.name}`;
  const info: OpenrcInstanceInfo = {
    name: params.name,
    script,
    mode: params.mode,
    pidFile: params.pidfile,
    // A daemon's output is not captured: Debian's start-stop-daemon has no --stdout.
    logFile: params.mode === 'daemon' ? null : params.output_log,
    daemonizeStatusFile: statusFile,
    readiness: params.readiness,
  };
  return {
    [script]: { kind: 'file', text: renderOpenrcScript(params, statusFile ?? '', spec.instance, ctx.target), executable: true },
    [instanceInfoPath(params.name)]: stableJson(info),
  };
}
