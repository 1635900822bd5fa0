import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../../../src/process/proc-stat.ts';
import { supervisorApi } from '../../../src/backends/supervisord/supervisor-api.ts';
import { cliPath } from '../../support/cli.ts';
import { supervisordDeployment } from './deployment.ts';

// `a` takes two seconds to become ready from version 2 on; `b` (version 2 only) depends on it.
const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((ctx) => {
  const { dir, version } = ctx.extraParams as { dir: string; version: number };
  const ready = \`\${dir}/a-ready-\${version}\`;
  const a = createManagedProcess({
    foregroundProcess: '/bin/sh',
    foregroundProcessArgs: ['-c', \`sleep \${version === 1 ? 0 : 2}; touch \${ready}; exec sleep 1000\`],
    readiness: { kind: 'file', path: ready },
  });
  const b = createManagedProcess({ process: '/bin/sleep', args: ['1000'], dependencies: [a] });
  return version === 1 ? { a: { pkg: a } } : { a: { pkg: a }, b: { pkg: b } };
});
`;

describe('repairing supervisord deployments', () => {
  it('a switch killed midway is repaired by the next one, and so is a killed supervisord', async () => {
    const deployment = supervisordDeployment();
    const file = join(deployment.dir, 'repair.ts');
    writeFileSync(file, model);
    const version = (n: number) => ['--extra-params', JSON.stringify({ dir: deployment.dir, version: n })];
    await deployment.switchTo(file, version(1));
    const first = await deployment.status();

    // Kill the switch to version 2 while it waits for the new `a` to become ready.
    const killed = spawn(process.execPath, [cliPath, 'switch', '-P', 'supervisord', '--force-disable-user-change', ...version(2), '--state-dir', deployment.stateDir, file], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      killed.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('starting a')) {
          killed.kill('SIGKILL');
          resolve();
        }
      });
      killed.on('exit', () => reject(new Error(`the switch ended before it could be killed:\n${stderr}`)));
    });
    await new Promise((resolve) => killed.once('exit', resolve));

    const repaired = await deployment.switchTo(file, version(2));
    expect(repaired.stderr).toContain('the previous switch did not finish (it failed or was interrupted); repairing it');
    const second = await deployment.status();
    expect(second.a).toMatchObject({ ready: true });
    expect(second.b!.pid).not.toBeNull();
    expect(isRunning(first.a!.pid!)).toBe(false);
    const programs = await supervisorApi(deployment.socket).allProcessInfo();
    expect(programs.map((info) => info.name).sort()).toEqual(['a', 'b']);

    // supervisord killed outright leaves its programs running; the next switch stops them before
    // it starts a new supervisord, so nothing runs twice.
    const orphans = await deployment.processes();
    expect(orphans.length).toBeGreaterThanOrEqual(2);
    process.kill(deployment.supervisordPid()!, 'SIGKILL');
    const restarted = await deployment.switchTo(file, version(2));
    expect(restarted.stderr).toContain('starting supervisord');
    for (const pid of orphans) expect(isRunning(pid), `PID ${pid}`).toBe(false);
    const third = await deployment.status();
    expect(third.a).toMatchObject({ ready: true });
    expect(third.b!.pid).not.toBe(second.b!.pid);
  });
});
