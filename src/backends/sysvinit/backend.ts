// sysvinit: one LSB init script per instance (etc/rc.d/init.d/<name>) with rc?.d start and kill
// links ordered by dependencies, as upstream's sysvinit backend, run with Debian's
// start-stop-daemon. Deployed by running the scripts (driver.ts).
import type { Backend } from '../types.ts';
import { explainSysvinit } from './explain.ts';
import { lowerSysvinit } from './lower.ts';
import type { SysvinitParams } from './params.ts';
import { renderSysvinit } from './render.ts';

export const sysvinitBackend: Backend<SysvinitParams> = {
  name: 'sysvinit',
  lower: lowerSysvinit,
  render: renderSysvinit,
  explain: explainSysvinit,
  driver: async () => (await import('./driver.ts')).sysvinitDriver,
};
