import { InstanceError } from '../../errors.ts';
import { stableJson } from '../../store/stable-json.ts';
import { daemonizedInstanceInfo } from '../daemonized-process.ts';
import type { LowerInput, RenderedFile } from '../types.ts';
import type { SysvinitInstanceInfo } from './instance-info.ts';
import { sysvinitInfo } from './instance-info.ts';
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
  const info: SysvinitInstanceInfo = { ...daemonizedInstanceInfo(params, ctx), script };
  return {
    [script]: { kind: 'file', text: renderScript(params, info.daemonizeStatusFile ?? '', spec.instance, ctx.target), executable: true },
    ...renderRcLinks(params),
    [sysvinitInfo.path(params.name)]: stableJson(info),
  };
}
