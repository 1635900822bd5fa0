import { InstanceError } from '../../errors.ts';
import { stableJson } from '../../store/stable-json.ts';
import type { LowerInput, RenderedFile } from '../types.ts';
import { daemonizeStatusFile } from '../../runtime/daemonizer/command.ts';
import type { SysvinitInstanceInfo } from './instance-info.ts';
import { instanceInfoPath } from './instance-info.ts';
import type { SysvinitParams } from './params.ts';
import { MAX_SEQUENCE, MIN_SEQUENCE } from './params.ts';
import { renderRcLinks } from './render-links.ts';
import { renderScript } from './render-script.ts';

/** An instance's store entry: etc/rc.d/init.d/<name>, its rc?.d links, and what the driver reads. */
export function renderSysvinit(params: SysvinitParams, { spec, ctx }: LowerInput): Record<string, RenderedFile> {
  if (!Number.isInteger(params.sequence) || params.sequence < MIN_SEQUENCE || params.sequence > MAX_SEQUENCE) {
    throw new InstanceError(
      { instance: spec.instance, message: `its rc sequence number would be ${params.sequence}, outside ${MIN_SEQUENCE}–${MAX_SEQUENCE}` },
      { hint: 'Dependency chains deeper than 99 do not fit rc link names; shorten the chain or set overrides.sysvinit.sequence.' },
    );
  }
  const script = `etc/rc.d/init.d/${params.name}`;
  const statusFile = params.processIsDaemon ? null : daemonizeStatusFile(ctx.runtimeDir, params.name);
  const info: SysvinitInstanceInfo = {
    name: params.name,
    script,
    pidFile: params.pidFile,
    logFile: params.enableDaemonOutputLogging ? params.logFile : null,
    daemonizeStatusFile: statusFile,
    readiness: params.readiness,
    timestamps: params.log.timestamps && !params.processIsDaemon,
  };
  return {
    [script]: { kind: 'file', text: renderScript(params, statusFile ?? '', spec.instance, ctx.target), executable: true },
    ...renderRcLinks(params),
    [instanceInfoPath(params.name)]: stableJson(info),
  };
}
