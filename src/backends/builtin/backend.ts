// The builtin process manager: procform's own supervisor daemon (supervisor/ in this folder), which needs
// nothing but Node. Lowering gives one JSON file per instance, `builtin/<name>.json`, which the
// supervisor reads; `overrides.builtin` deep-merges into that object (see docs/builtin.md).
import type { InstanceConfig } from './supervisor/instance-config.ts';
import { configFileName } from './supervisor/instance-config.ts';
import { stableJson } from '../../store/stable-json.ts';
import type { Backend } from '../types.ts';
import { explainInstanceConfig } from './explain.ts';
import { lowerToInstanceConfig } from './lower.ts';

export const builtinBackend: Backend<InstanceConfig & Record<string, unknown>> = {
  name: 'builtin',
  lower: (input) => lowerToInstanceConfig(input) as InstanceConfig & Record<string, unknown>,
  render: (config, { spec }) => ({ [configFileName(spec.name)]: stableJson(config) }),
  explain: (config) => explainInstanceConfig(config),
  driver: async () => (await import('./driver.ts')).createBuiltinDriver(),
};
