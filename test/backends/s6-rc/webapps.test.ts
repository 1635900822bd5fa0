import { describe, it } from 'vitest';
import { checkWebappsSwitch } from '../../support/webapps-switch.ts';

describe('the webapps example on s6-rc (unprivileged)', () => {
  it('deploys, restarts only what a change touches, restarts a crashed webapp, runs daemons as oneshots, and goes down without leftovers', async () => {
    await checkWebappsSwitch('s6-rc');
  }, 240_000);
});
