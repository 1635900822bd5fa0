import { describe, it } from 'vitest';
import { checkWebappsSwitch } from '../../support/webapps-switch.ts';

describe('the webapps example on runit (unprivileged)', () => {
  it('deploys, restarts only what a change touches, restarts a crashed webapp, proxies daemons, and goes down without leftovers', async () => {
    await checkWebappsSwitch('runit');
  }, 240_000);
});
