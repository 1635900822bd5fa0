import { describe, it } from 'vitest';
import { expectEveryCertainPointKilled, killedSwitchTrials } from './killed-switch.ts';

describe.skipIf(process.getuid?.() !== 0)('a killed switch, builtin', () => {
  it('converges after SIGKILL at 20 points, and down leaves nothing', async () => {
    const reports = await killedSwitchTrials({ processManager: 'builtin', trials: 20, seed: 12 });
    expectEveryCertainPointKilled(reports);
  }, 600_000);
});
