import { describe, expect, it } from 'vitest';
import { resolveDeploymentDirs, resolveForceDisableUserChange } from '../../src/model/deployment-dirs.ts';

describe('deployment folders', () => {
  it('follow upstream for privileged deployments', () => {
    expect(resolveDeploymentDirs({}, {}, true)).toEqual({
      stateDir: '/var',
      runtimeDir: '/var/run',
      logDir: '/var/log',
      cacheDir: '/var/cache',
      libDir: '/var/lib',
      spoolDir: '/var/spool',
      lockDir: '/var/lock',
      tmpDir: '/tmp',
    });
  });

  it('live under the XDG state folder for a normal user', () => {
    const dirs = resolveDeploymentDirs({}, { HOME: '/home/ann' }, false);
    expect(dirs.stateDir).toBe('/home/ann/.local/state/procform');
    expect(dirs.tmpDir).toBe('/home/ann/.local/state/procform/tmp');
    expect(resolveDeploymentDirs({}, { HOME: '/home/ann', XDG_STATE_HOME: '/data/state' }, false).stateDir).toBe('/data/state/procform');
  });

  it('derive from --state-dir, and each can be set on its own (option over environment)', () => {
    const dirs = resolveDeploymentDirs({ stateDir: '/srv/app', logDir: '/logs' }, { PROCFORM_LOG_DIR: '/ignored', PROCFORM_CACHE_DIR: '/c' }, true);
    expect(dirs).toMatchObject({ stateDir: '/srv/app', runtimeDir: '/srv/app/run', logDir: '/logs', cacheDir: '/c', tmpDir: '/srv/app/tmp' });
  });

  it('are unprivileged by default for a normal user only', () => {
    expect(resolveForceDisableUserChange(undefined, {}, true)).toBe(false);
    expect(resolveForceDisableUserChange(undefined, {}, false)).toBe(true);
    expect(resolveForceDisableUserChange(true, {}, true)).toBe(true);
    expect(resolveForceDisableUserChange(undefined, { PROCFORM_FORCE_DISABLE_USER_CHANGE: '1' }, true)).toBe(true);
  });
});
