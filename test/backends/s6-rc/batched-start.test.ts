// A later switch starts the new instances of one dependency wave with one `s6-rc -u change`, side
// by side (src/deploy/batched-calls.ts), even when it also restarts a changed instance (which
// s6-rc does not start: the driver does, directly). The new instances wait at a barrier: each
// becomes ready only once all of them were started, so one start at a time never finishes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSuccess, runCliIn, statusesIn } from '../../support/cli.ts';
import { cleanUpAfterTest, expectNothingRunning, processesUsing } from '../../support/deployment-processes.ts';
import { tempDir } from '../../support/temp-dir.ts';

const barrier = fileURLToPath(new URL('../../fixtures/barrier.sh', import.meta.url));

/**
 * `anchor` (changed by `generation`), then `count` instances in one wave at the barrier in
 * `dir`/barrier, and with `broken` one more that never gets ready (s6-rc gives up after 5 s, its check after 3 s).
 */
function writeModel(dir: string): string {
  const model = join(dir, 'processes.ts');
  writeFileSync(
    model,
    `import { createManagedProcess, defineProcesses } from 'procform';
const barrier = ${JSON.stringify(barrier)};
const dir = ${JSON.stringify(dir)};
export default defineProcesses((ctx) => {
  const { generation, count, broken } = ctx.extraParams as { generation: number; count: number; broken?: boolean };
  const at = (group: string, name: string, size: number, overrides = {}) => ({
    pkg: createManagedProcess({ name, process: '/bin/sh', args: [barrier, \`\${dir}/\${group}\`, name, size], readiness: { kind: 'file', path: \`\${dir}/\${group}/\${name}.ready\`, timeout: '3s' }, overrides }),
  });
  const instances: Record<string, ReturnType<typeof at>> = { anchor: at(\`anchor\${generation}\`, 'anchor', 1) };
  for (let index = 0; index < count; index += 1) instances[\`w\${index}\`] = at('barrier', \`w\${index}\`, count);
  if (broken) instances.bad = at('bad', 'bad', 2, { 's6-rc': { services: { 'bad-srv': { 'timeout-up': 5000 } } } });
  return instances;
});
`,
  );
  for (const group of ['anchor1', 'anchor2', 'barrier', 'bad']) mkdirSync(join(dir, group));
  return model;
}

/** A deployment of the model in a fresh folder, and `procform switch` to a generation of it. */
function deployment() {
  const dir = tempDir('procform-s6rc-batch-');
  const model = writeModel(dir);
  const stateDir = join(dir, 'state');
  cleanUpAfterTest(dir);
  const switchTo = (params: { generation: number; count: number; broken?: boolean }) =>
    runCliIn(stateDir, ['switch', '-P', 's6-rc', '--force-disable-user-change', '--extra-params', JSON.stringify(params), model], { timeoutMs: 120_000 });
  return { dir, stateDir, switchTo };
}

describe('a later s6-rc switch', () => {
  it('starts the new instances of one wave together, alongside a changed instance it restarts', async () => {
    const { dir, stateDir, switchTo } = deployment();
    expectSuccess(await switchTo({ generation: 1, count: 0 }), ['switch', 'generation 1']);
    const later = await switchTo({ generation: 2, count: 6 });
    expectSuccess(later, ['switch', 'generation 2 (anchor changed, w0..w5 new)']);
    expect(later.stderr).toContain('generation 2: 7 started, 1 stopped, 0 unchanged');
    // Events stay per instance.
    for (let index = 0; index < 6; index += 1) expect(later.stderr).toMatch(new RegExp(`starting +w${index}\\n[\\s\\S]*ready +w${index}\\n`));
    const statuses = await statusesIn(stateDir);
    expect(Object.keys(statuses).sort()).toEqual(['anchor', 'w0', 'w1', 'w2', 'w3', 'w4', 'w5']);
    for (const status of Object.values(statuses)) expect(status, status.instance).toMatchObject({ state: 'running', ready: true });

    const running = processesUsing(dir);
    expectSuccess(await runCliIn(stateDir, ['down'], { timeoutMs: 60_000 }), ['down']);
    await expectNothingRunning(dir, running);
  }, 240_000);

  it('reports a new instance s6-rc could not start as failed, with its own message, and the others of its call as ready', async () => {
    const { stateDir, switchTo } = deployment();
    expectSuccess(await switchTo({ generation: 1, count: 0 }), ['switch', 'generation 1']);
    const later = await switchTo({ generation: 2, count: 3, broken: true });
    expect(later.code, later.stderr).toBe(1);
    for (const name of ['anchor', 'w0', 'w1', 'w2']) expect(later.stderr).toMatch(new RegExp(`ready +${name}\\n`));
    expect(later.stderr).toMatch(/error: instance "bad" failed to start: .*unable to start service bad-srv/);
    expect(later.stderr).toContain('bad.ready does not exist yet');
    expect(later.stderr).not.toMatch(/failed.*w\d/);
    const statuses = await statusesIn(stateDir);
    for (const name of ['anchor', 'w0', 'w1', 'w2']) expect(statuses[name], name).toMatchObject({ state: 'running', ready: true });
    expect(statuses.bad!.state).not.toBe('running');
  }, 240_000);
});
