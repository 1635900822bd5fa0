import { describe, it } from 'vitest';
import { expectEveryCertainPointKilled, killedSwitchTrials } from './killed-switch.ts';

describe.skipIf(process.getuid?.() !== 0)('a killed switch, s6-rc', () => {
  it('converges after SIGKILL at 20 points, and down leaves nothing', async () => {
    const reports = await killedSwitchTrials({ processManager: 's6-rc', trials: 20, seed: 13 });
    expectEveryCertainPointKilled(reports);
  }, 600_000);
});
