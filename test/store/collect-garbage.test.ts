import { existsSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../src/build/build-profile.ts';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import { collectGarbage } from '../../src/store/collect-garbage.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('collectGarbage', () => {
  it('removes what no root references, keeps the closure of the roots and recent entries', async () => {
    const stateDir = join(tempDir(), 'state');
    const storeDir = join(stateDir, 'lib/procform/store');
    const build = (text: string) =>
      buildProfile({
        modelFile: join(stateDir, 'processes.ts'),
        processManager: 'none',
        dirs: { stateDir },
        model: (ctx) => ({
          shared: { pkg: createManagedProcess({ process: ctx.writeScript('shared', '#!/bin/sh\nexec sleep 1\n') }) },
          own: { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', text] }) },
        }),
      });
    const first = await build('echo one');
    const second = await build('echo two');
    const past = new Date(Date.now() - 3600_000);
    for (const entry of readdirSync(storeDir)) utimesSync(join(storeDir, entry), past, past);
    const young = await build('echo three');

    const report = await collectGarbage(storeDir, [second.path]);
    expect(report.removed).toContain(first.path);
    expect(report.removed).toContain(first.manifest.instances.own!.storePath);
    expect(existsSync(second.manifest.instances.shared!.storePath)).toBe(true);
    expect(existsSync(second.manifest.instances.own!.storePath)).toBe(true);
    // Entries made within the grace period survive: a build may be writing them right now.
    expect(existsSync(young.path)).toBe(true);
  });
});
