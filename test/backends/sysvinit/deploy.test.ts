// `procform switch -P sysvinit` end to end, unprivileged, everything under a temporary --state-dir.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InstanceStatus } from '../../../src/deploy/types.ts';
import { expectedArgv, expectedEnv } from '../../support/argv-env-model.ts';
import { cliPath, repoRoot, statusByInstance } from '../../support/cli.ts';
import { freePort } from '../../support/free-port.ts';
import { httpGet } from '../../support/http.ts';
import { argvOf, expectNothingRunning, processesUsing } from '../../support/deployment-processes.ts';
import { procform, procformOk, writeModel } from './support.ts';
import { copyWebappsWithState, writeAdvancedIds } from '../../support/webapps.ts';
import { patiently } from '../../support/eventually.ts';

/** `status --json`; it exits 3 when an instance is not as deployed (`code`). */
async function statuses(stateDir: string, code = 0): Promise<Record<string, InstanceStatus>> {
  const result = await procform(stateDir, ['status', '--json']);
  expect(result.code, result.stderr).toBe(code);
  return statusByInstance(result.stdout);
}

async function pids(stateDir: string): Promise<Record<string, number | null>> {
  return Object.fromEntries(Object.values(await statuses(stateDir)).map((status) => [status.instance, status.pid]));
}

async function page(port: number, host: string): Promise<string> {
  return (await httpGet(`http://127.0.0.1:${port}/`, { host })).body;
}

describe('sysvinit deployments', () => {
  it('deploys the webapps behind nginx, switches to processes-advanced.ts, restarts only what changed, rolls back, and goes down without leftovers', async () => {
    const { dir, stateDir, ports, advancedPorts } = await copyWebappsWithState();
    await procformOk(stateDir, ['switch', join(dir, 'processes.ts')]);
    expect(await page(ports.nginx!, 'webapp.local')).toContain(`listening on port: ${ports.webapp}`);
    expect(await page(ports.nginx!, 'unknown.local')).toContain('This web application is not deployed.');
    const first = await statuses(stateDir);
    expect(Object.values(first).map(({ state, ready }) => [state, ready])).toEqual([['running', true], ['running', true]]);

    // processes.ts → processes-advanced.ts: the old webapp goes, nginx changes, six webapps and nginx2 come.
    const advanced = join(dir, 'processes-advanced.ts');
    const switched = await procformOk(stateDir, ['switch', advanced]);
    expect(switched.stderr).toContain('generation 2: 8 started, 2 stopped, 0 unchanged');
    const gone = [first.webapp!.pid!];
    await expect.poll(() => processesUsing(stateDir).includes(gone[0]!), patiently).toBe(false);
    for (const n of [1, 2, 3, 4]) expect(await page(advancedPorts.nginx!, `webapp${n}.local`)).toContain(`listening on port: ${advancedPorts[`webapp${n}`]}`);
    for (const n of [5, 6]) expect(await page(advancedPorts.nginx2!, `webapp${n}.local`)).toContain(`listening on port: ${advancedPorts[`webapp${n}`]}`);
    const before = await pids(stateDir);

    // A changed port restarts exactly that webapp and the nginx that routes to it: the others keep their PIDs.
    const oldPort = advancedPorts.webapp5!;
    writeAdvancedIds(dir, { ...advancedPorts, webapp5: await freePort() });
    const changed = await procformOk(stateDir, ['switch', advanced]);
    expect(changed.stderr).toContain('generation 3: 2 started, 2 stopped, 6 unchanged');
    const after = await pids(stateDir);
    const differing = Object.keys(after).filter((instance) => after[instance] !== before[instance]);
    expect(differing.sort()).toEqual(['nginx2', 'webapp5']);

    // restart: exactly the instances named, no new generation.
    expect((await procformOk(stateDir, ['restart', 'webapp1', 'webapp6'])).stderr).toContain('2 restarted');
    const restarted = await pids(stateDir);
    expect(Object.keys(restarted).filter((instance) => restarted[instance] !== after[instance]).sort()).toEqual(['webapp1', 'webapp6']);
    for (const instance of Object.keys(after)) after[instance] = restarted[instance]!;

    // Rollback: generation 2 again, restarting the same two.
    await procformOk(stateDir, ['rollback']);
    const rolledBack = await pids(stateDir);
    expect(Object.keys(after).filter((instance) => after[instance] !== rolledBack[instance]).sort()).toEqual(['nginx2', 'webapp5']);
    expect(await page(advancedPorts.nginx2!, 'webapp5.local')).toContain(`listening on port: ${oldPort}`);

    // Down: an empty generation; every process, nginx's workers included, is gone.
    const running = processesUsing(stateDir);
    expect(running.length).toBeGreaterThanOrEqual(8);
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir, running);
    expect(Object.values(await statuses(stateDir))).toEqual([]);
  });

  it('starts a dependent only once its dependency is ready, in switch and in runactivity', async () => {
    const { dir, model, stateDir } = writeModel('');
    const ready = join(dir, 'ready');
    const seen = join(dir, 'seen');
    writeFileSync(
      model,
      `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => {
  const slow = createManagedProcess({
    foregroundProcess: '/bin/sh',
    foregroundProcessArgs: ['-c', 'sleep 1; touch ${ready}; exec sleep 1000'],
    readiness: { kind: 'file', path: ${JSON.stringify(ready)} },
  });
  const dependent = createManagedProcess({
    foregroundProcess: '/bin/sh',
    foregroundProcessArgs: ['-c', 'if [ -e ${ready} ]; then echo ready > ${seen}; else echo early > ${seen}; fi; exec sleep 1000'],
    dependencies: [slow],
  });
  return { slow: { pkg: slow }, dependent: { pkg: dependent } };
});
`,
    );
    await procformOk(stateDir, ['switch', model]);
    // start returns once the dependent is spawned; its shell writes `seen` a moment later.
    const seenOnce = () => (existsSync(seen) ? readFileSync(seen, 'utf8') : '');
    await expect.poll(seenOnce, patiently).not.toBe('');
    expect(seenOnce()).toBe('ready\n');

    const stopped = await procform(stateDir, ['sysvinit', 'runactivity', '-r', 'stop']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toBe('Stopping dependent... done.\nStopping slow... done.\n');
    const status = await procform(stateDir, ['sysvinit', 'runactivity', 'status']);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/S00slow status: exit 3\n.*S01dependent status: exit 3/);

    writeFileSync(seen, '');
    rmSync(ready);
    const started = await procform(stateDir, ['sysvinit', 'runactivity', '--runlevel', '3', 'start']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toBe('Starting slow... done.\nStarting dependent... done.\n');
    await expect.poll(seenOnce, patiently).not.toBe('');
    expect(seenOnce()).toBe('ready\n');
    expect((await procform(stateDir, ['sysvinit', 'runactivity', 'status'])).code).toBe(0);
    // Runlevel 1 has no start links: nothing to do.
    expect(await procform(stateDir, ['sysvinit', 'runactivity', '--runlevel', '1', 'stop'])).toMatchObject({ code: 0, stdout: '' });
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir);
  });

  it('starts independent scripts side by side; a start that fails does so at once, and keeps only its dependents from starting', async () => {
    const { dir, model, stateDir } = writeModel('');
    // Each slow instance is ready one second after it starts, when its file exists.
    const slow = (name: string) => `createManagedProcess({
    name: '${name}',
    foregroundProcess: '/bin/sh',
    foregroundProcessArgs: ['-c', 'sleep 1; touch ${dir}/${name}.ready; exec sleep 1000'],
    readiness: { kind: 'file', path: '${dir}/${name}.ready' },
  })`;
    writeFileSync(
      model,
      `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => {
  const first = ${slow('first')};
  const second = ${slow('second')};
  const broken = createManagedProcess({ name: 'broken', foregroundProcess: '/bin/sh', foregroundProcessArgs: ['-c', 'echo "no configuration"; exit 1'], restart: 'no', readiness: { kind: 'file', path: '${dir}/never' } });
  const needsBroken = createManagedProcess({ name: 'needs-broken', foregroundProcess: '/bin/sleep', foregroundProcessArgs: ['1000'], dependencies: [broken] });
  const needsBoth = createManagedProcess({ name: 'needs-both', foregroundProcess: '/bin/sleep', foregroundProcessArgs: ['1001'], dependencies: [first, second] });
  return { first: { pkg: first }, second: { pkg: second }, broken: { pkg: broken }, needsBroken: { pkg: needsBroken }, needsBoth: { pkg: needsBoth } };
});
`,
    );
    const switched = await procform(stateDir, ['switch', model]);
    expect(switched.code, switched.stderr).not.toBe(0);
    const lines = switched.stderr.split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    // Both slow ones start before either is ready; the one that needs both starts after both are.
    expect(at(/^starting +second$/)).toBeGreaterThanOrEqual(0);
    expect(at(/^starting +second$/)).toBeLessThan(at(/^ready +first$/));
    expect(at(/^starting +first$/)).toBeLessThan(at(/^ready +second$/));
    expect(at(/^starting +needsBoth$/)).toBeGreaterThan(Math.max(at(/^ready +first$/), at(/^ready +second$/)));
    expect(switched.stderr).toMatch(/failed +needsBroken: not started: its dependency "broken" failed/);
    // It fails as soon as its process is gone (noticed by procform-daemonize before its start
    // counts, while waiting for its PID file, or for its readiness), not at the readiness timeout
    // (60 s), and shows its log.
    expect(switched.stderr).toMatch(
      /broken start` exited 1:\n[\s\S]*(the process \S+ names \(\d+\) has exited|wait-ready: its process \(PID \d+, from \S+\) exited before it was ready|procform-daemonize: broken exited 1; restart policy is 'no')[\s\S]*last lines of \S+broken\.log:\n {2}no configuration/,
    );
    expect(at(/^starting +needsBroken$/)).toBe(-1);
    const status = await statuses(stateDir, 3);
    expect(['first', 'second', 'needsBoth'].map((name) => status[name]!.state)).toEqual(['running', 'running', 'running']);
    expect(status.needsBroken!.state).toBe('stopped');
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir);
  });

  it('stops a start at the first failing step of initialize: the steps after it do not run', async () => {
    const { dir, model, stateDir } = writeModel('');
    const after = join(dir, 'after-the-failure');
    writeFileSync(
      model,
      `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  db: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', foregroundProcessArgs: [1000], initialize: 'echo preparing\\nfalse\\ntouch ${after}\\n', restart: 'no' }) },
}));
`,
    );
    const switched = await procform(stateDir, ['switch', model]);
    expect(switched.code, switched.stderr).not.toBe(0);
    expect(switched.stderr).toMatch(/initialization failed/);
    expect(existsSync(after)).toBe(false);
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir);
  });

  it('passes arguments and environment values byte for byte', async () => {
    const { dir, model, stateDir } = writeModel('');
    const out = join(dir, 'argv-env.json');
    writeFileSync(
      model,
      `import { argvEnvModel } from ${JSON.stringify(join(repoRoot, 'test/support/argv-env-model.ts'))};
export default argvEnvModel(${JSON.stringify(out)});
`,
    );
    await procformOk(stateDir, ['switch', model]);
    await expect.poll(() => existsSync(out), patiently).toBe(true);
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { argv: string[]; env: Record<string, string> };
    expect(seen.argv).toEqual(expectedArgv());
    expect(seen.env).toMatchObject(expectedEnv());
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir);
  });

  it('repairs a switch killed with SIGKILL half-way: one process per instance, the new versions', async () => {
    const { dir, model, stateDir } = writeModel('');
    const version = (a: number, withB: boolean) =>
      writeFileSync(
        model,
        `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => {
  const a = createManagedProcess({ foregroundProcess: '/bin/sleep', foregroundProcessArgs: ['${a}'] });
  const b = createManagedProcess({
    foregroundProcess: '/bin/sh',
    foregroundProcessArgs: ['-c', 'sleep 1.5; touch ${dir}/b-ready; exec sleep 1003'],
    readiness: { kind: 'file', path: '${dir}/b-ready' },
    dependencies: [a],
  });
  return ${withB ? '{ a: { pkg: a }, b: { pkg: b } }' : '{ a: { pkg: a } }'};
});
`,
      );
    version(1001, false);
    await procformOk(stateDir, ['switch', model]);

    version(1002, true);
    const killed = spawn(process.execPath, [cliPath, 'switch', model, '-P', 'sysvinit', '--state-dir', stateDir, '--force-disable-user-change'], { stdio: 'ignore' });
    // Killed while b's start waits for b to be ready: a is already replaced.
    await expect.poll(() => existsSync(join(stateDir, 'run/b.pid')), patiently).toBe(true);
    killed.kill('SIGKILL');
    await new Promise((resolve) => killed.once('exit', resolve));

    const repaired = await procformOk(stateDir, ['switch', model]);
    expect(repaired.stderr).toContain('the previous switch did not finish (it failed or was interrupted); repairing it');
    const all = await statuses(stateDir);
    expect(Object.values(all).map(({ instance, state }) => [instance, state])).toEqual([['a', 'running'], ['b', 'running']]);
    // b may still be in its `sleep 1.5` (the killed switch's b left b-ready behind): wait for its exec.
    const sleeps = () =>
      processesUsing(stateDir)
        .map(argvOf)
        .filter((argv) => argv[0] === '/bin/sleep' || argv[0] === 'sleep')
        .map((argv) => argv[1])
        .sort();
    await expect.poll(sleeps, patiently).toEqual(['1002', '1003']);
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir);
  });

  it('shows a daemonized process\'s output with procform logs', async () => {
    const { dir, stateDir, ports } = await copyWebappsWithState();
    await procformOk(stateDir, ['switch', join(dir, 'processes.ts'), '--extra-params', '{"webappMode":"foreground"}']);
    await page(ports.webapp!, 'logs.local');
    await expect
      .poll(async () => (await procformOk(stateDir, ['logs', 'webapp'])).stdout)
      .toBe(`Simple test webapp listening on port: ${ports.webapp}\nGET / Host: logs.local\n`);
    expect((await procformOk(stateDir, ['logs', 'webapp', '-n', '1'])).stdout).toBe('GET / Host: logs.local\n');
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir);
  });
});
