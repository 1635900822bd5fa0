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
  render: (params, { spec, ctx }) => ({
    [unitFilePath(spec.name, managerScope(ctx.forceDisableUserChange))]: renderUnit(params, spec.instance, (text) =>
      ctx.writeTextFile({ name: `${spec.name}-environment`, text, private: true }),
    ),
  }),
  // systemd shows unit files to everyone through its API anyway (and warns about private ones): the
  // environment goes into a private EnvironmentFile= instead.
  publicFiles: true,
  explain: explainUnit,
  driver: async () => (await import('./driver.ts')).createSystemdDriver(),
};
