// What `procform test` reports for each way a variant can end, and that no way leaves anything behind.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACHINE_TESTED_PROCESS_MANAGERS } from '../../src/backends/registry.ts';
import { tempDir } from '../support/temp-dir.ts';
import { parseJunit } from './parse-junit.ts';
import { hostAccounts, leftoversOfRun, runProcformTest } from './support.ts';

const isRoot = process.getuid?.() === 0;
const outcomes = 'test/testing/fixtures/outcomes/test.ts';

describe.skipIf(!isRoot)('procform test, end to end', () => {
  it('reports a passing, a failing, a timed-out, an undeployable and a never-ready variant; a failure says where, why (what readiness waited for), with the logs; nothing is left', async () => {
    const junit = join(tempDir(), 'results.xml');
    const run = await runProcformTest([outcomes, '--junit', junit]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toContain('error: 4 of 5 variants failed');
    expect(run.stdout).toMatch(/✓ passing\.privileged\.supervisord +passed in/);
    expect(run.stdout).toMatch(/✗ failing\.privileged\.supervisord +failed in tests of web after [\d.]+ s: The input did not match the regular expression \/listening on port: 5001\//);
    expect(run.stdout).toMatch(/✗ hanging\.privileged\.supervisord +failed in \S+( of web)? after [\d.]+ s: hanging\.privileged\.supervisord: timed out after 12 s/);

    // The report of the failure: variant, phase and instance, the line of the test, the assertion, the logs.
    const report = run.stdout.slice(run.stdout.indexOf('━━ failing.privileged.supervisord'));
    expect(report).toMatch(/^━━ failing\.privileged\.supervisord failed in tests of web \(\S+\/fixtures\/outcomes\/test\.ts:\d+:\d+\) on machine failing-supervisord-p-[0-9a-f]{8}\n/);
    expect(report).toContain('Simple test webapp listening on port: 5000</body>'); // the assertion's input
    expect(report).toMatch(/── procform switch\n[\s\S]*generation 1: 1 started/);
    expect(report).toMatch(/── procform status\n[\s\S]*web +\S+ +\d+/);
    expect(report).toMatch(/── supervisord's own log\n[\s\S]*spawned: 'pftestweb'/);
    expect(report).toMatch(/── log of web\nSimple test webapp listening on port: 5000\nGET \/ Host: 127\.0\.0\.1:5000/);
    // The timed-out variant's logs were read although its time was up.
    const timedOut = run.stdout.slice(run.stdout.indexOf('━━ hanging.privileged.supervisord'));
    expect(timedOut).toMatch(/── procform status\n/);

    // A first switch that failed recorded no generation: the instance's log is read from its file.
    expect(run.stdout).toMatch(/✗ undeployable\.privileged\.supervisord +failed in deploy after [\d.]+ s: `procform switch -P supervisord \S+\/broken\.ts` exited 1:/);
    const undeployable = run.stdout.slice(run.stdout.indexOf('━━ undeployable.privileged.supervisord'));
    expect(undeployable).toMatch(/^error: .*broken/m);
    expect(undeployable).toMatch(/── log of broken\ncannot open database/);

    // What readiness waited for is in the failure's own message, not only in the logs after it.
    const unready = run.stdout.slice(run.stdout.indexOf('━━ unready.privileged.systemd'));
    expect(unready.slice(0, unready.indexOf('── '))).toMatch(/\n +wait-ready: not ready after 3000 ms \(tcp 127\.0\.0\.1:5001\)/);

    expect(run.stdout).toMatch(/5 variants: 1 passed, 4 failed, 0 skipped in/);
    const cases = parseJunit(readFileSync(junit, 'utf8')).cases;
    expect(cases.map((entry) => [entry.classname, entry.name, entry.children.map((child) => child.tag)])).toEqual([
      ['passing', 'privileged.supervisord', []],
      ['failing', 'privileged.supervisord', ['failure']],
      ['hanging', 'privileged.supervisord', ['failure']],
      ['undeployable', 'privileged.supervisord', ['failure']],
      ['unready', 'privileged.systemd', ['failure']],
    ]);
    expect(cases[1]!.children[0]!.text).toContain('── log of web\nSimple test webapp listening on port: 5000');

    expect(run.machines).toHaveLength(5);
    expect(await leftoversOfRun(run)).toEqual([]);
    expect(hostAccounts(['pftestweb'])).toEqual([]);
  }, 120_000);

  it('stops at Ctrl-C: the running variants are interrupted, the rest never start, every machine is gone, exit status 130', async () => {
    let deploying = 0;
    let interrupted = false;
    const run = await runProcformTest(['examples/webapps/test.ts', '--only', 'webapps-advanced', '--jobs', '3'], {
      onLine: (line, run) => {
        // Interrupt while three machines (systemd ones among them: they start first) are deploying.
        if (/ deploy +[\d.]+ s$/.test(line) && ++deploying === 3) {
          interrupted = true;
          run.pressCtrlC();
        }
      },
    });
    expect(interrupted, run.stdout + run.stderr).toBe(true);
    expect(run.code, run.stdout + run.stderr).toBe(130);
    expect(run.stdout).toContain('interrupted: stopping the running variants and removing their machines');
    // The three running ones (most likely still deploying, but a loaded machine may have moved one on).
    expect(run.stdout.match(/^! webapps-advanced\.\S+ +interrupted in \S+/gm)).toHaveLength(3);
    // webapps-advanced under every process manager that deploys, in both profiles.
    const variants = 2 * MACHINE_TESTED_PROCESS_MANAGERS.length;
    expect(run.stdout).toMatch(new RegExp(`${variants} variants: 0 passed, 0 failed, 0 skipped, ${variants} interrupted`));
    expect(run.stderr).toContain(`error: interrupted: 0 of ${variants} variants passed before Ctrl-C`);
    expect(run.machines).toHaveLength(3);
    expect(await leftoversOfRun(run)).toEqual([]);
    expect(hostAccounts(['webapp1', 'nginx2'])).toEqual(hostAccountsBefore);
  }, 120_000);
});

// Accounts a privileged webapps variant creates in its machine; whatever the host had stays as it was.
const hostAccountsBefore = hostAccounts(['webapp1', 'nginx2']);

describe('procform test, before any machine starts', () => {
  const writeTest = (text: string) => {
    const file = join(tempDir(), 'test.ts');
    writeFileSync(file, `import { testService } from 'procform/testing';\nconst exprFile = ${JSON.stringify(join(process.cwd(), 'test/testing/fixtures/outcomes/processes.ts'))};\n${text}`);
    return file;
  };

  it('reports variants of process managers it cannot run as skipped, with the reason; they fail the run unless allowed', async () => {
    const file = writeTest("export default testService({ name: 'unsupported', exprFile, processManagers: ['launchd', 'docker'], profiles: ['unprivileged'] });");
    const run = await runProcformTest([file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/- unsupported\.unprivileged\.launchd +skipped: procform can build for launchd but cannot deploy to it/);
    expect(run.stdout).toMatch(/- unsupported\.unprivileged\.docker +skipped: test machines cannot run docker: its containers run on the docker host's network/);
    expect(run.stdout).toContain('2 variants: 0 passed, 0 failed, 2 skipped');
    expect(run.stderr).toContain('error: 2 were skipped');
    expect(run.stderr).toContain('--allow-skipped');
    expect(run.machines).toEqual([]);
    expect((await runProcformTest([file, '--allow-skipped'])).code).toBe(0);
  });

  it('names missing Debian packages and how to install them', async () => {
    const file = writeTest("export default testService({ name: 'needs', exprFile, packages: ['curl', 'procform-no-such-package'] });");
    const run = await runProcformTest([file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: Debian packages are missing on this machine: procform-no-such-package (needed by needs)');
    expect(run.stderr).toContain('hint: Install them: apt-get install procform-no-such-package');
    expect(run.machines).toEqual([]);
  });

  it('rejects a test file with a mistake, naming the file and the option', async () => {
    const file = writeTest("export default testService({ exprFile, processManager: ['builtin'] });");
    const run = await runProcformTest([file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: ${file}: testService: unknown option "processManager"`);
  });
});
