import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCliIn } from '../support/cli.ts';
import { cleanUpAfterTest } from '../support/deployment-processes.ts';
import { tempDir } from '../support/temp-dir.ts';

// `--help` and `status` answer in well under 200 ms only if they load nothing they do not use: zod
// and jiti alone cost more than Node's own start on a busy machine.
function modulesLoaded(args: string[]): string[] {
  const run = spawnSync(process.execPath, ['--import', join(repoRoot, 'test/fixtures/trace-modules.mjs'), cliPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(run.status, run.stderr).toBe(0);
  const loaded = run.stderr.split('\n').filter((line) => line.startsWith('loaded: ')).map((line) => line.slice('loaded: '.length));
  expect(loaded.some((module) => module.includes('/cli/main.js')), run.stderr).toBe(true);
  return loaded;
}

const heavy = ['/node_modules/zod/', '/node_modules/jiti/', '/dist/src/build/build-profile.js', '/dist/src/load/', '/dist/src/model/schema.js'];
const heavyIn = (loaded: string[]) => loaded.filter((module) => heavy.some((part) => module.includes(part)));

describe('the command line loads only what a command uses', () => {
  it('procform --help and status --help load neither zod, jiti nor the build', () => {
    expect(heavyIn(modulesLoaded(['--help']))).toEqual([]);
    expect(heavyIn(modulesLoaded(['status', '--help']))).toEqual([]);
  });

  it('procform status of a running builtin deployment loads neither zod, jiti nor the build; build loads them all, an unchanged build not zod', async () => {
    const dir = tempDir();
    const model = join(dir, 'processes.ts');
    writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: [3600] }) } }));\n");
    const state = join(dir, 'state');
    cleanUpAfterTest(state);
    const switched = await runCliIn(state, ['switch', model, '-P', 'builtin', '--force-disable-user-change']);
    expect(switched.code, switched.stderr).toBe(0);
    const status = modulesLoaded(['status', '--state-dir', state]);
    expect(status.some((module) => module.includes('/backends/builtin/driver.js'))).toBe(true);
    expect(heavyIn(status)).toEqual([]);
    // The model unchanged since the switch: its build is the switch's profile, without zod.
    const unchanged = modulesLoaded(['build', model, '-P', 'builtin', '--force-disable-user-change', '--state-dir', state]);
    expect(unchanged.some((module) => module.includes('/node_modules/jiti/'))).toBe(true);
    expect(unchanged.filter((module) => module.includes('/node_modules/zod/') || module.includes('/dist/src/model/schema.js'))).toEqual([]);
    // Another build than the switch's whose instance was validated before: checked again, without zod.
    const known = modulesLoaded(['build', model, '-P', 'builtin', '--state-dir', state, '--store-dir', join(state, 'lib/procform/store'), '--lib-dir', join(dir, 'lib')]);
    expect(known.some((module) => module.includes('/dist/src/build/build-profile.js'))).toBe(true);
    expect(known.filter((module) => module.includes('/node_modules/zod/'))).toEqual([]);
    // An instance never validated before, of the usual fields: the quick check takes it, without zod.
    writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: [3601] }) } }));\n");
    const quick = modulesLoaded(['build', model, '-P', 'builtin', '--state-dir', state]);
    expect(quick.filter((module) => module.includes('/node_modules/zod/'))).toEqual([]);
    // The tracing does see them where they are used: a field only zod checks (a duration).
    writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: [3601], stop: { timeout: '5s' } }) } }));\n");
    const build = modulesLoaded(['build', model, '-P', 'builtin', '--state-dir', state]);
    for (const part of heavy) expect(build.some((module) => module.includes(part)), part).toBe(true);
    expect((await runCliIn(state, ['down'])).code).toBe(0);
  });
});
