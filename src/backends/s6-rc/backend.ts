// s6-rc: source-format service definitions per instance (a longrun with an s6-log consumer, or a
// oneshot for a daemon) and a `default` bundle per profile, compiled with s6-rc-compile and deployed
// to the deployment's own s6-svscan with s6-rc-init, s6-rc-update and s6-rc change.
import type { Backend } from '../types.ts';
import { explainS6Rc } from './explain.ts';
import type { S6RcParams } from './lower.ts';
import { lowerS6Rc } from './lower.ts';
import { renderDefaultBundle, renderS6Rc } from './render.ts';

export const s6RcBackend: Backend<S6RcParams> = {
  name: 's6-rc',
  lower: lowerS6Rc,
  render: renderS6Rc,
  renderProfile: renderDefaultBundle,
  explain: explainS6Rc,
  driver: async () => (await import('./driver.ts')).s6RcDriver,
};
