import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runningSupervisor } from '../../../src/backends/builtin/supervisor/lock.ts';
import { controlPaths } from '../../../src/backends/builtin/supervisor/paths.ts';
import { runCli } from '../../support/cli.ts';
import { freePort } from '../../support/free-port.ts';
import { httpGet } from '../../support/http.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { processesWith, stopSupervisorOf } from './deployment.ts';

// The builtin process manager is the default: procform switch, status, logs, down, end to end.
describe('builtin through the command line', () => {
  it('switch starts the supervisor and the instances, status and logs read them, down stops everything', async () => {
    const dir = tempDir('pf-');
    const stateDir = join(dir, 'state');
    const port = await freePort();
    mkdirSync(join(dir, 'www'));
    writeFileSync(join(dir, 'www', 'index.html'), 'hello from busybox\n');
    const model = join(dir, 'processes.ts');
    writeFileSync(
      model,
      `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  web: { pkg: createManagedProcess({ process: 'busybox', args: ['httpd', '-f', '-v', '-p', '127.0.0.1:${port}', '-h', ${JSON.stringify(join(dir, 'www'))}], readiness: { kind: 'tcp', port: ${port} } }) },
}));
`,
    );
    const options = ['--state-dir', stateDir];
    onTestFinished(() => stopSupervisorOf(stateDir, () => runCli(['down', ...options])));

    const switched = await runCli(['switch', model, ...options, '--force-disable-user-change']);
    expect(switched.code).toBe(0);
    expect(switched.stderr).toMatch(/ready +web\ngeneration 1: 1 started, 0 stopped, 0 unchanged/);
    expect((await httpGet(`http://127.0.0.1:${port}/`)).body).toBe('hello from busybox\n');

    const status = await runCli(['status', '--json', ...options]);
    expect(JSON.parse(status.stdout)).toMatchObject([{ instance: 'web', state: 'running', ready: true, restarts: 0 }]);

    const logs = await runCli(['logs', 'web', ...options]);
    expect(logs.stdout).toMatch(/response:200/);

    expect((await runCli(['down', ...options])).code).toBe(0);
    expect(processesWith(join(dir, 'www'))).toEqual([]);
    // down switches to an empty generation and stops the supervisor too.
    expect(JSON.parse((await runCli(['status', '--json', ...options])).stdout)).toEqual([]);
    expect(runningSupervisor(controlPaths(join(stateDir, 'run')).pidFile)).toBeNull();
  });
});
