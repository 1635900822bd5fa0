import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../../../src/process/proc-stat.ts';
import { supervisordDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

// Prints a line on stdout and one on stderr, then ignores SIGTERM: the stop timeout must kill it.
const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  stubborn: {
    pkg: createManagedProcess({
      foregroundProcess: '/bin/sh',
      foregroundProcessArgs: ['-c', 'trap "echo got TERM" TERM; echo hello; echo oops >&2; while :; do sleep 0.1; done'],
      log: { timestamps: true },
      stop: { timeout: '1s' },
    }),
  },
}));
`;

describe('log timestamps on supervisord', () => {
  it('prefix every output line, pass the stop signal on once, and kill after the stop timeout', async () => {
    const deployment = supervisordDeployment();
    const file = join(deployment.dir, 'stubborn.ts');
    writeFileSync(file, model);
    await deployment.switchTo(file);
    const log = join(deployment.stateDir, 'log/stubborn.log');
    const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
    await eventually(() => readFileSync(log, 'utf8').includes('oops'));
    expect(readFileSync(log, 'utf8')).toMatch(new RegExp(`^${stamp} hello\\n${stamp} oops\\n`));

    const processes = await deployment.processes();
    const down = await deployment.cli(['down']);
    expect(down.code, down.stderr).toBe(0);
    // Killed by the wrapper after the stop timeout: supervisord's SIGKILL cannot reach the program's own group.
    for (const pid of processes) expect(isRunning(pid), `PID ${pid}`).toBe(false);
    // The program got the stop signal once (not once from supervisord and once from the wrapper).
    expect(readFileSync(log, 'utf8').match(/got TERM/g)).toHaveLength(1);
  });
});
