import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runningSupervisor } from '../../../src/backends/builtin/supervisor/lock.ts';
import { controlPaths } from '../../../src/backends/builtin/supervisor/paths.ts';
import { runCli } from '../../support/cli.ts';
import { eventually } from '../../support/eventually.ts';
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

  // switch starts the supervisor before it loads the model (so that both start at once); a model
  // that then fails leaves no supervisor behind, and the next switch deploys as usual.
  it('a switch whose model fails leaves no supervisor running; the next one deploys', async () => {
    const dir = tempDir('pf-');
    const stateDir = join(dir, 'state');
    const port = await freePort();
    const model = join(dir, 'processes.ts');
    const write = (broken: boolean) =>
      writeFileSync(
        model,
        `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => {
  ${broken ? "throw new Error('the model is broken');" : ''}
  return { web: { pkg: createManagedProcess({ process: 'busybox', args: ['httpd', '-f', '-p', '127.0.0.1:${port}'], readiness: { kind: 'tcp', port: ${port} } }) } };
});
`,
      );
    const options = ['--state-dir', stateDir, '--force-disable-user-change'];
    onTestFinished(() => stopSupervisorOf(stateDir, () => runCli(['down', ...options])));
    const pidFile = controlPaths(join(stateDir, 'run')).pidFile;

    write(true);
    const failed = await runCli(['switch', model, ...options]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('the model is broken');
    // It was started early, saw its command end without a deployment, and stopped.
    await eventually(() => readFileSync(join(stateDir, 'log', 'procform-builtin.log'), 'utf8').includes('the command that started it ended before deploying anything'), 10_000, 'the supervisor to notice');
    await eventually(() => runningSupervisor(pidFile) === null, 10_000, 'the supervisor to exit');

    write(false);
    const switched = await runCli(['switch', model, ...options]);
    expect(switched.code, switched.stderr).toBe(0);
    expect(runningSupervisor(pidFile)).not.toBeNull();
    expect((await httpGet(`http://127.0.0.1:${port}/`)).status).toBeGreaterThan(0);
  });

  // Node reads NODE_EXTRA_CA_CERTS's bundle at every start (docs/builtin.md); the supervisor, whose
  // start every cold switch waits for, is spawned without it, and with the rest of the environment.
  it('the supervisor runs without NODE_EXTRA_CA_CERTS and with the rest of the command\'s environment', async () => {
    const dir = tempDir('pf-');
    const stateDir = join(dir, 'state');
    const model = join(dir, 'processes.ts');
    writeFileSync(
      model,
      `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({ idle: { pkg: createManagedProcess({ process: 'sleep', args: ['600'] }) } }));
`,
    );
    const options = ['--state-dir', stateDir, '--force-disable-user-change'];
    onTestFinished(() => stopSupervisorOf(stateDir, () => runCli(['down', ...options])));
    const env = { NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', PROCFORM_TEST_MARKER: 'kept' };
    const switched = await runCli(['switch', model, ...options], { env });
    expect(switched.code, switched.stderr).toBe(0);
    const pid = runningSupervisor(controlPaths(join(stateDir, 'run')).pidFile);
    expect(pid).not.toBeNull();
    const names = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').map((entry) => entry.split('=')[0]);
    expect(names).toContain('PROCFORM_TEST_MARKER');
    expect(names).not.toContain('NODE_EXTRA_CA_CERTS');
  });
});
