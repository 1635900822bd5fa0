import { join } from 'node:path';
import { searchPath } from '../../process/search-path.ts';
import type { InstanceConfig } from './supervisor/instance-config.ts';
import type { LowerInput } from '../types.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../../runtime/log-writer.ts';


/**
 * The ProcessSpec as the supervisor runs it. Everything is native to the supervisor, so this is
 * mostly a flattening: the mode is chosen (foreground when there is one, as daemons cannot be
 * watched as directly), PATH is computed once, and the log file is named.
 */
export function lowerToInstanceConfig({ spec, ctx }: LowerInput): InstanceConfig {
  const command = (spec.foreground ?? spec.daemon)!;
  const { PATH: pathVariable, ...environment } = spec.environment;
  return {
    formatVersion: 1,
    instance: spec.instance,
    name: spec.name,
    mode: spec.foreground ? 'foreground' : 'daemon',
    executable: command.executable,
    args: command.args,
    pidFile: spec.foreground ? null : spec.pidFile,
    environment: { PATH: searchPath(spec.path, pathVariable), ...environment },
    directory: spec.directory,
    umask: spec.umask,
    nice: spec.nice,
    user: spec.user,
    initialize: spec.initialize,
    readiness: spec.readiness,
    ...(spec.liveness && { liveness: spec.liveness }),
    restart: spec.restart,
    stop: spec.stop,
    log: { file: join(ctx.logDir, `${spec.name}.log`), timestamps: spec.log.timestamps, rotate: spec.log.rotate, maxLineBytes: DEFAULT_MAX_LINE_BYTES },
  };
}
