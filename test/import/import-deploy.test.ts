import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanUpAfterTest, expectNothingRunning } from '../support/deployment-processes.ts';
import { eventually } from '../support/eventually.ts';
import type { CliResult } from '../support/cli.ts';
import { expectSuccess, repoRoot, runCli, runCliIn, statusByInstance } from '../support/cli.ts';
import { freePort } from '../support/free-port.ts';
import { httpGet } from '../support/http.ts';
import { tempDir } from '../support/temp-dir.ts';

/** Imports `file` into a fresh folder and deploys the model on the builtin process manager, unprivileged. */
async function importAndSwitch(file: string, importArgs: string[] = [], expectSwitch: (result: CliResult, args: string[]) => void = expectSuccess) {
  const dir = tempDir();
  const state = join(dir, 'state');
  cleanUpAfterTest(state);
  const out = join(dir, 'processes.ts');
  expectSuccess(await runCli(['import', file, '--out', out, ...importArgs]), ['import', file]);
  const args = ['switch', out, '--force-disable-user-change'];
  expectSwitch(await runCliIn(state, args), args);
  return state;
}

describe('an imported model deployed for real on the builtin process manager', () => {
  it("process-compose's demo: dependents start once their dependencies are ready, and run", async () => {
    // The demo's lazygit is interactive and not installed here: it exits 127 at once, never counts
    // as started, and so fails the switch (issue 12.3), which says why; the others run.
    const state = await importAndSwitch(join(repoRoot, 'test/import/fixtures/pc-demo/process-compose.yaml'), [], (result, args) => {
      expect(result.code, `procform ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(1);
      expect(result.stderr).toMatch(/instance "lazygit" failed: exited 127: command not found/);
    });
    const reported = await runCliIn(state, ['status', '--json']);
    expect(reported.code, reported.stderr).toBe(3);
    expect(reported.stderr).toContain('lazygit is failed');
    const status = statusByInstance(reported.stdout);
    for (const instance of ['redis', 'postgres', 'api-server', 'web-app', 'scheduler']) {
      expect(status[instance], instance).toMatchObject({ state: 'running', ready: true });
    }
    expect(status.lazygit).toMatchObject({ state: 'failed', reason: expect.stringContaining('exited 127: command not found') });
    // api-server depends on redis and postgres, each ready (readiness_probe) before it started.
    const startedAt = (instance: string) => status[instance]!.startedAt!;
    expect(startedAt('api-server')).toBeGreaterThanOrEqual(Math.max(startedAt('redis'), startedAt('postgres')));
    await eventually(async () => (await runCliIn(state, ['logs', 'api-server'])).stdout.includes('API server listening on :8080'), 20_000, "api-server's output");
    expectSuccess(await runCliIn(state, ['down']), ['down']);
    await expectNothingRunning(state);
  });

  it('a Procfile web process answers on the PORT foreman would give it', async () => {
    const dir = tempDir();
    // Written for this test (a static site on $PORT, as Heroku's docs serve one); python3 is Debian's.
    writeFileSync(join(dir, 'Procfile'), 'web: python3 -m http.server $PORT --bind 127.0.0.1\n');
    writeFileSync(join(dir, 'index.html'), 'imported from a Procfile\n');
    const port = await freePort();
    const state = await importAndSwitch(join(dir, 'Procfile'), ['--port', String(port)]);
    const response = await eventually(async () => httpGet(`http://127.0.0.1:${port}/`).catch(() => undefined), 20_000, 'the web process to answer');
    expect(response).toEqual({ status: 200, body: 'imported from a Procfile\n' });
    expectSuccess(await runCliIn(state, ['down']), ['down']);
    await expectNothingRunning(state);
  });
});
