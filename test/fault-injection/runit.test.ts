import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.ts';
import { shellCommand } from '../../src/shell/quote.ts';
import { testManager } from '../../src/testing/managers.ts';
import { cliPath } from '../support/cli.ts';
import { expectEveryCertainPointKilled, killedSwitchTrials } from './killed-switch.ts';

const procform = (...args: string[]) => shellCommand([process.execPath, cliPath, ...args]);

/** quick is ready at once; slow (with PFSLOW set) never is, so a switch starting it waits on `sv -w up` until killed. */
const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  quick: { port: 5201, pkg: createManagedProcess({ name: 'quick', process: 'busybox', args: ['httpd', '-f', '-p', '127.0.0.1:5201', '-h', '/var/empty-www'], readiness: { kind: 'tcp', port: 5201 } }) },
  ...(process.env.PFSLOW ? { slow: { port: 5202, pkg: createManagedProcess({ name: 'slow', process: 'sleep', args: ['600'], readiness: { kind: 'tcp', port: 5202, timeout: '60s' } }) } } : {}),
}));
`;

describe.skipIf(process.getuid?.() !== 0)('a killed switch, runit', () => {
  it('converges after SIGKILL at 20 points, and down leaves nothing', async () => {
    const reports = await killedSwitchTrials({ processManager: 'runit', trials: 20, seed: 14 });
    expectEveryCertainPointKilled(reports);
  }, 600_000);

  // CI, seed 14, trial 16 (b → c killed at event:ready): the killed switch's `sv -w up` of a service
  // not yet ready went on running its check after the converging switch, whose connection showed
  // as a second busybox httpd of that instance.
  it('leaves no sv -w waiting: the next switch ends the ones a killed switch left before it stops anything', async () => {
    const machine = await createSandbox({ profile: 'privileged', init: testManager('runit').init, name: 'killed-runit-waits' });
    const switchWith = (env: string) => `${env} exec ${procform('switch', '-P', 'runit', '/root/processes.ts')}`;
    const waits = async () => (await machine.succeed("ps -eo args= | grep '[s]v -w' || true")).trim();
    try {
      await machine.succeed(`mkdir -p /var/empty-www && cat > /root/processes.ts <<'EOF'\n${model}EOF`);
      const killed = await machine.exec(switchWith('PFSLOW=1 PROCFORM_FAULT_POINT=event:ready'));
      expect(killed.signal ?? killed.code, killed.stderr).toBeOneOf(['SIGKILL', 137]);
      expect(await waits(), 'the killed switch left sv -w up of slow waiting').toMatch(/sv -w \d+ u .*\/slow/);

      // Killed again at its first event (stopping slow): whatever it ends, it ended before.
      const repairing = await machine.exec(switchWith('PROCFORM_FAULT_POINT=event:stopping'));
      expect(repairing.signal ?? repairing.code, repairing.stderr).toBeOneOf(['SIGKILL', 137]);
      expect(await waits(), 'sv -w commands after the next switch began stopping').toBe('');

      const converged = await machine.exec(switchWith('true &&'), { env: { NO_COLOR: '1' } });
      expect(converged.code, converged.stderr).toBe(0);
      expect((await machine.succeed("ps -eo args= | grep '[b]usybox httpd' | grep -c 5201")).trim()).toBe('1');
      await machine.succeed(procform('down'));
      expect(await waits()).toBe('');
    } finally {
      await machine.destroy();
    }
  }, 300_000);
});
