// systemd: one service unit per instance, deployed to the system manager (privileged) or to the
// deploying user's manager (unprivileged). See docs/backends/systemd.md.
import type { Backend } from '../types.ts';
import { explainUnit } from './explain.ts';
import type { UnitParams } from './lower.ts';
import { lowerUnit } from './lower.ts';
import { renderUnit } from './render-unit.ts';
import { managerScope } from './scope.ts';
import { unitFilePath } from './unit-name.ts';

export const systemdBackend: Backend<UnitParams> = {
  name: 'systemd',
  lower: lowerUnit,
  render: (params, { spec, ctx }) => ({ [unitFilePath(spec.name, managerScope(ctx.forceDisableUserChange))]: renderUnit(params, spec.instance) }),
  explain: explainUnit,
  driver: async () => (await import('./driver.ts')).createSystemdDriver(),
};
