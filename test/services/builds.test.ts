import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareProfile } from '../../src/build/build-profile.ts';
import { repoRoot } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { servicesModels } from './service-test-files.ts';

// The services matrix deploys every service model with builtin, sysvinit and supervisord; these
// builds cover the other backends: systemd's units and the agnostic JSON.

describe('the service models', () => {
  for (const model of servicesModels) {
    it(`${model} builds for systemd and as agnostic JSON`, async () => {
      const stateDir = join(tempDir(), 'state');
      // systemd's system units (privileged) and the agnostic JSON (unprivileged): each build costs a second.
      for (const [processManager, forceDisableUserChange] of [['systemd', false], ['none', true]] as const) {
        const { manifest } = await prepareProfile({ modelFile: join(repoRoot, model), processManager, forceDisableUserChange, dirs: { stateDir } });
        expect(Object.keys(manifest.instances).length, processManager).toBeGreaterThanOrEqual(2);
      }
    });
  }
});
