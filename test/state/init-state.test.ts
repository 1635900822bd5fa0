import { mkdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDeploymentDirs } from '../../src/model/deployment-dirs.ts';
import { initStateDirs } from '../../src/state/init-state-dirs.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const mode = (path: string) => statSync(path).mode & 0o7777;

describe('init-state', () => {
  it('creates every folder of a privileged deployment, tmpDir sticky and world-writable, and leaves existing ones alone', async () => {
    const stateDir = join(tempDir(), 'var');
    mkdirSync(join(stateDir, 'log'), { recursive: true, mode: 0o700 });
    const result = await initStateDirs(resolveDeploymentDirs({ stateDir }), { forceDisableUserChange: false });
    // stateDir and logDir existed already.
    expect(result.created).toEqual(['tmp', 'run', 'cache', 'spool', 'lock', 'lib'].map((name) => join(stateDir, name)));
    expect(mode(join(stateDir, 'tmp'))).toBe(0o1777);
    expect(mode(join(stateDir, 'log'))).toBe(0o700);
    expect(mode(join(stateDir, 'lib'))).toBe(0o755);
    // Nothing to do the second time.
    expect(await initStateDirs(resolveDeploymentDirs({ stateDir }), { forceDisableUserChange: false })).toEqual({ created: [], linked: [] });
  });

  it('links <stateDir>/tmp and <stateDir>/run to the system\'s /tmp and /run when those are used, as upstream', async () => {
    const stateDir = join(tempDir(), 'var');
    const before = mode('/tmp');
    const result = await initStateDirs({ ...resolveDeploymentDirs({ stateDir }), tmpDir: '/tmp', runtimeDir: '/run' }, { forceDisableUserChange: false });
    expect(result.linked).toEqual([
      { link: join(stateDir, 'tmp'), target: '/tmp' },
      { link: join(stateDir, 'run'), target: '/run' },
    ]);
    expect(readlinkSync(join(stateDir, 'tmp'))).toBe('/tmp');
    expect(result.created).not.toContain('/tmp');
    expect(mode('/tmp')).toBe(before);
  });

  it('runs from the command line with the deployment options, unprivileged without a sticky tmp', async () => {
    const dir = tempDir();
    const result = await runCli(['init-state', '--state-dir', join(dir, 'state'), '--log-dir', join(dir, 'logs'), '--force-disable-user-change']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`created ${join(dir, 'logs')}\n`);
    expect(mode(join(dir, 'state/tmp'))).toBe(0o755);
  });
});
