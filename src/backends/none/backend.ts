// The process-manager-agnostic configuration (upstream's processManager = null): one JSON file per
// instance with the parameters exactly as given, executables resolved. `procform generate-config`
// turns it into any backend's configuration later, on the machine that runs it.
import { InstanceError } from '../../errors.ts';
import { stableJson } from '../../store/stable-json.ts';
import type { Backend, LowerInput } from '../types.ts';

export type AgnosticConfig = Record<string, unknown>;

export const noneBackend: Backend<AgnosticConfig> = {
  name: 'none',
  cannotDeploy: 'Turn it into a process manager\'s configuration with `procform generate-config`.',

  lower({ spec, params, dependencyStorePaths }: LowerInput): AgnosticConfig {
    const { kind: _kind, dependencies: _dependencies, overrides, ...explicit } = params;
    for (const [manager, override] of Object.entries(overrides ?? {})) {
      if (typeof override === 'function') {
        throw new InstanceError({
          instance: spec.instance,
          field: `pkg.overrides.${manager}`,
          message: 'is a function, which the agnostic JSON configuration cannot hold; use an object override',
        });
      }
    }
    return {
      ...explicit,
      // Executables as resolved on the building machine; both modes may share one.
      ...(explicit.process !== undefined && { process: (spec.foreground ?? spec.daemon)!.executable }),
      ...(explicit.foregroundProcess !== undefined && { foregroundProcess: spec.foreground!.executable }),
      ...(explicit.daemon !== undefined && { daemon: spec.daemon!.executable }),
      ...(spec.dependencies.length > 0 && { dependencies: spec.dependencies.map((name) => dependencyStorePaths.get(name)!) }),
      ...(overrides !== undefined && { overrides }),
    };
  },

  render(config, { spec }) {
    return { [`${spec.name}.json`]: stableJson(config) };
  },
};
