import { describe, expect, it } from 'vitest';
import { killedSwitchTrials } from './killed-switch.ts';

describe.skipIf(process.getuid?.() !== 0)('a killed switch, supervisord', () => {
  it('converges after SIGKILL at 20 points, and down leaves nothing', async () => {
    const reports = await killedSwitchTrials({ processManager: 'supervisord', trials: 20, seed: 7 });
    expect(reports.filter((report) => report.killed).length, JSON.stringify(reports, null, 1)).toBeGreaterThanOrEqual(15);
  }, 600_000);
});
