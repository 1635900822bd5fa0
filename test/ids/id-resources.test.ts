import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdResourcesError } from '../../src/ids/errors.ts';
import { findIdResourcesFile, loadIdResources } from '../../src/ids/load-id-resources.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('ID resources', () => {
  it('loads a TypeScript file beside the model (before a JSON one) and a JSON file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'idresources.ts'), "const uids = { min: 2000, max: 3000 };\nexport default { uids, gids: uids, redisDatabases: { min: 0, max: 15, scope: 'global' as const } };\n");
    writeFileSync(join(dir, 'idresources.json'), '{ "ports": { "min": 1, "max": 2 } }');
    const found = findIdResourcesFile(join(dir, 'processes.ts'));
    expect(found).toBe(join(dir, 'idresources.ts'));
    expect(await loadIdResources(found)).toEqual({
      uids: { min: 2000, max: 3000 },
      gids: { min: 2000, max: 3000 },
      redisDatabases: { min: 0, max: 15, scope: 'global' },
    });
    expect(await loadIdResources(join(dir, 'idresources.json'))).toEqual({ ports: { min: 1, max: 2 } });
  });

  it('names the file, the pool and the field of every problem', async () => {
    const dir = tempDir();
    const file = join(dir, 'idresources.json');
    writeFileSync(file, JSON.stringify({ ports: { min: 10, max: 5 }, uids: { min: 1, max: 'lots' }, influxdbPorts: { min: 1, max: 9, step: 3 }, far: { min: 1, max: 2, scope: 'machine' } }));
    const error = await loadIdResources(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IdResourcesError);
    expect((error as Error).message).toBe(
      [
        '4 problems in the ID resources:',
        `${file}: pool "ports": field "max": max must not be lower than min`,
        `${file}: pool "uids": field "max": Invalid input: expected number, received string`,
        `${file}: pool "influxdbPorts": unknown field "step"; a pool has min, max and scope`,
        `${file}: pool "far": field "scope": only "global" is supported (per-machine scopes belong to network deployments)`,
      ].join('\n'),
    );
  });

  it('explains a missing file, a file that fails to load, and a default export that is not pools', async () => {
    const dir = tempDir();
    expect(() => findIdResourcesFile(join(dir, 'processes.ts'))).toThrow(/there is no ID resources file beside the model/);
    writeFileSync(join(dir, 'broken.ts'), 'export default {;\n');
    await expect(loadIdResources(join(dir, 'broken.ts'))).rejects.toThrow(/broken\.ts: the ID resources file failed to load/);
    writeFileSync(join(dir, 'list.json'), '[1, 2]');
    await expect(loadIdResources(join(dir, 'list.json'))).rejects.toThrow(/list\.json: must be an object of pools/);
  });
});
