import { describe, it } from 'vitest';
import { expectEveryCertainPointKilled, killedSwitchTrials } from './killed-switch.ts';

describe.skipIf(process.getuid?.() !== 0)('a killed switch, runit', () => {
  it('converges after SIGKILL at 20 points, and down leaves nothing', async () => {
    const reports = await killedSwitchTrials({ processManager: 'runit', trials: 20, seed: 14 });
    expectEveryCertainPointKilled(reports);
  }, 600_000);
});
