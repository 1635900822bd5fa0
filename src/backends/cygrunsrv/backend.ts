// cygrunsrv: Cygwin's Windows-service runner; per instance the install arguments
// (<service>-cygrunsrvparams), as upstream's cygrunsrv backend. Generated only: cygrunsrv runs on
// Windows under Cygwin.
import type { Backend } from '../types.ts';
import { explainCygrunsrv } from './explain.ts';
import type { CygrunsrvParams } from './lower.ts';
import { lowerCygrunsrv } from './lower.ts';
import { renderCygrunsrv } from './render.ts';

export const cygrunsrvBackend: Backend<CygrunsrvParams> = {
  name: 'cygrunsrv',
  lower: lowerCygrunsrv,
  render: renderCygrunsrv,
  explain: explainCygrunsrv,
  cannotDeploy: 'cygrunsrv runs on Windows under Cygwin only. There, install each service with `xargs -d \'\\n\' cygrunsrv --install <service> < <service>-cygrunsrvparams` and start it (docs/backends/cygrunsrv.md).',
};
