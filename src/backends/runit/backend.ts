// runit: one service folder per instance (run, finish, check, log/run with svlogd, a down file),
// deployed to the deployment's own runsvdir and driven with `sv -w`.
import type { Backend } from '../types.ts';
import { explainRunit } from './explain.ts';
import type { RunitParams } from './lower.ts';
import { lowerRunit } from './lower.ts';
import { renderRunit } from './render.ts';

export const runitBackend: Backend<RunitParams> = {
  name: 'runit',
  lower: lowerRunit,
  render: renderRunit,
  explain: explainRunit,
  driver: async () => (await import('./driver.ts')).runitDriver,
};
