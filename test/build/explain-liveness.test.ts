import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPLEMENTED_PROCESS_MANAGERS } from '../../src/backends/registry.ts';
import { prepareProfile } from '../../src/build/build-profile.ts';
import type { ModelFunction } from '../../src/load/load-model.ts';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import { tempDir } from '../support/temp-dir.ts';

const model: ModelFunction = () => ({
  web: {
    pkg: createManagedProcess({
      process: '/bin/sh',
      args: ['-c', 'exec sleep 1000'],
      readiness: { kind: 'tcp', port: 8080 },
      liveness: { kind: 'http', url: 'http://127.0.0.1:8080/health', period: '5s', timeout: '1s', failures: 2, after: '30s' },
    }),
  },
  plain: { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', 'exec sleep 1000'] }) },
});

async function prepare(processManager: string) {
  const stateDir = join(tempDir(), 'state');
  return prepareProfile({ modelFile: join(stateDir, 'processes.ts'), model, processManager, dirs: { stateDir }, forceDisableUserChange: true, cache: false });
}

describe('--explain: liveness', () => {
  it('is native on builtin, which runs the check', async () => {
    const { explanations } = await prepare('builtin');
    const features = explanations.web!.map((capability) => capability.feature);
    expect(features.indexOf('liveness')).toBe(features.indexOf('readiness') + 1);
    expect(explanations.web!.find((capability) => capability.feature === 'liveness')).toEqual({
      feature: 'liveness',
      support: 'native',
      detail: 'http http://127.0.0.1:8080/health every 5 s (1 s each, from 30 s after it is ready), restarted after 2 failures in a row through its stop signal',
    });
    expect(explanations.plain!.some((capability) => capability.feature === 'liveness')).toBe(false);
  });

  it.each(IMPLEMENTED_PROCESS_MANAGERS.filter((name) => name !== 'builtin' && name !== 'none'))('is dropped on %s, after readiness, and only where the model has one', async (processManager) => {
    const { explanations } = await prepare(processManager);
    const features = explanations.web!.map((capability) => capability.feature);
    expect(features.indexOf('liveness')).toBe(features.indexOf('readiness') + 1);
    expect(explanations.web!.find((capability) => capability.feature === 'liveness')).toEqual({
      feature: 'liveness',
      support: 'dropped',
      detail: `http http://127.0.0.1:8080/health every 5 s (1 s each, from 30 s after it is ready), restarted after 2 failures in a row: ${processManager} does not run it; a hung process is not restarted (the builtin backend does it)`,
    });
    expect(explanations.plain!.some((capability) => capability.feature === 'liveness')).toBe(false);
  });

  it('is not claimed by none, whose JSON keeps the check for the manager it is generated for', async () => {
    const prepared = await prepare('none');
    expect(prepared.explanations.web).toEqual([]);
    await prepared.write();
    const json = JSON.parse(readFileSync(join(prepared.manifest.instances.web!.storePath, 'web.json'), 'utf8'));
    expect(json.liveness).toEqual({ kind: 'http', url: 'http://127.0.0.1:8080/health', period: 5000, timeout: 1000, failures: 2, after: 30_000 });
  });

  it("leaves builtin's configuration of an instance without one as it was (no liveness key), so its store path does not change", async () => {
    const prepared = await prepare('builtin');
    await prepared.write();
    const config = (name: string) => JSON.parse(readFileSync(join(prepared.manifest.instances[name]!.storePath, `builtin/${name}.json`), 'utf8'));
    expect(config('plain')).not.toHaveProperty('liveness');
    expect(config('web').liveness).toEqual({ kind: 'http', url: 'http://127.0.0.1:8080/health', status: null, periodMs: 5000, timeoutMs: 1000, failures: 2, afterMs: 30_000 });
  });
});
