import { describe, it } from 'vitest';
import { expectEveryCertainPointKilled, killedSwitchTrials } from './killed-switch.ts';

describe.skipIf(process.getuid?.() !== 0)('a killed switch, supervisord', () => {
  it('converges after SIGKILL at 20 points, and down leaves nothing', async () => {
    const reports = await killedSwitchTrials({ processManager: 'supervisord', trials: 20, seed: 7 });
    expectEveryCertainPointKilled(reports);
  }, 600_000);
});
