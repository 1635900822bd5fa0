// openrc: one openrc-run script per instance (etc/init.d/<name>) with depend(), supervise-daemon
// for foreground processes, deployed with rc-service against a private OpenRC root (driver.ts).
import type { Backend } from '../types.ts';
import { explainOpenrc } from './explain.ts';
import { lowerOpenrc } from './lower.ts';
import type { OpenrcParams } from './params.ts';
import { renderOpenrc } from './render.ts';

export const openrcBackend: Backend<OpenrcParams> = {
  name: 'openrc',
  lower: lowerOpenrc,
  render: renderOpenrc,
  explain: explainOpenrc,
  driver: async () => (await import('./driver.ts')).openrcDriver,
};
