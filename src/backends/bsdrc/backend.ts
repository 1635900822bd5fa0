// bsdrc: one FreeBSD rc.d script per instance (etc/rc.d/<name>), ordered by rcorder's PROVIDE and
// REQUIRE, as upstream's bsdrc backend. Generated only: rc.subr runs on the BSDs.
import type { Backend } from '../types.ts';
import { explainBsdrc } from './explain.ts';
import { lowerBsdrc } from './lower.ts';
import type { BsdrcParams } from './params.ts';
import { renderBsdrc } from './render.ts';

export const bsdrcBackend: Backend<BsdrcParams> = {
  name: 'bsdrc',
  lower: lowerBsdrc,
  render: renderBsdrc,
  explain: explainBsdrc,
  cannotDeploy: 'rc.subr runs on FreeBSD only. Copy etc/rc.d from the built profile to /usr/local/etc/rc.d on the BSD machine and start the scripts in rcorder order (docs/backends/bsdrc.md).',
};
