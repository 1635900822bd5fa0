// Every generated unit passes `systemd-analyze verify` without a word on stderr (it exits 0 on
// unknown keys and bad values, and only says so there). Offline: no manager runs; verify only
// touches the empty marker /run/systemd/systemd-units-load on the host.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildOptions } from '../../../src/build/build-profile.ts';
import { argvEnvModel } from '../../support/argv-env-model.ts';
import { repoRoot } from '../../support/cli.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { buildUnits } from './build-units.ts';

function verify(files: string[], scope: 'system' | 'user'): { status: number | null; stderr: string } {
  const env = { ...process.env };
  if (scope === 'user') {
    // A user manager's verify needs a runtime folder; a throw-away one will do.
    const runtime = join(tempDir(), 'xdg-runtime');
    mkdirSync(runtime);
    chmodSync(runtime, 0o700);
    env.XDG_RUNTIME_DIR = runtime;
  }
  const args = [...(scope === 'user' ? ['--user'] : []), 'verify', '--man=no', ...files];
  const result = spawnSync('systemd-analyze', args, { env, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

const cases: [string, Omit<BuildOptions, 'processManager' | 'storeDir' | 'dirs' | 'forceDisableUserChange'>][] = [
  ['the webapps example', { modelFile: join(repoRoot, 'examples/webapps/processes.ts') }],
  ['the webapps example in daemon mode', { modelFile: join(repoRoot, 'examples/webapps/processes.ts'), extraParams: { webappMode: 'daemon' } }],
  ['the advanced webapps example', { modelFile: join(repoRoot, 'examples/webapps/processes-advanced.ts') }],
  ['every feature at once', { modelFile: join(repoRoot, 'test/backends/systemd/fixtures/every-feature.ts') }],
  ['the byte-for-byte arguments and environment', { modelFile: '/argv-env/processes.ts', model: argvEnvModel('/tmp/out.json') }],
];

describe('systemd-analyze verify accepts every generated unit, silently', () => {
  for (const scope of ['system', 'user'] as const) {
    for (const [title, options] of cases) {
      it(`${title} (${scope} units)`, async () => {
        const built = await buildUnits({ ...options, dirs: { stateDir: join(tempDir(), 'state') }, forceDisableUserChange: scope === 'user' });
        const files = Object.values(built.files);
        expect(files.length).toBeGreaterThan(0);
        expect(verify(files, scope)).toEqual({ status: 0, stderr: '' });
      });
    }
  }
});
