import { describe, expect, it } from 'vitest';
import type { IdsFile } from '../../src/ids/assign-ids.ts';
import { assignIds } from '../../src/ids/assign-ids.ts';
import { IdAssignmentError } from '../../src/ids/errors.ts';
import type { IdResources } from '../../src/ids/id-resources.ts';

const empty: IdsFile = { ids: {}, lastAssignments: {} };
const webappResources: IdResources = {
  webappPorts: { min: 5000, max: 6000 },
  nginxPorts: { min: 8080, max: 9000 },
  uids: { min: 2000, max: 3000 },
  gids: { min: 2000, max: 3000 },
};
const webapp = ['webappPorts', 'uids', 'gids'];
const nginx = ['nginxPorts', 'uids', 'gids'];

describe('assignIds', () => {
  it('assigns from min in sorted instance order, as upstream (webapps-sysvinit/ids.nix)', () => {
    const { file } = assignIds({ resources: webappResources, requests: { webapp, nginx }, previous: empty });
    expect(file).toEqual({
      ids: { gids: { nginx: 2000, webapp: 2001 }, nginxPorts: { nginx: 8080 }, uids: { nginx: 2000, webapp: 2001 }, webappPorts: { webapp: 5000 } },
      lastAssignments: { gids: 2001, nginxPorts: 8080, uids: 2001, webappPorts: 5000 },
    });
  });

  it('reproduces upstream\'s ids-advanced.nix from its ids.nix: freed IDs are not reused before the pool wraps', () => {
    const first = assignIds({ resources: webappResources, requests: { webapp, nginx }, previous: empty });
    const advanced = Object.fromEntries([
      ...['1', '2', '3', '4', '5', '6'].map((n) => [`webapp${n}`, webapp]),
      ['nginx', nginx],
      ['nginx2', nginx],
    ]);
    const second = assignIds({ resources: webappResources, requests: advanced, previous: first.file });
    const accounts = { nginx: 2000, nginx2: 2002, webapp1: 2003, webapp2: 2004, webapp3: 2005, webapp4: 2006, webapp5: 2007, webapp6: 2008 };
    expect(second.file).toEqual({
      ids: {
        gids: accounts,
        nginxPorts: { nginx: 8080, nginx2: 8081 },
        uids: accounts,
        webappPorts: { webapp1: 5001, webapp2: 5002, webapp3: 5003, webapp4: 5004, webapp5: 5005, webapp6: 5006 },
      },
      lastAssignments: { gids: 2008, nginxPorts: 8081, uids: 2008, webappPorts: 5006 },
    });
    expect(second.dropped).toContainEqual({ pool: 'uids', instance: 'webapp', id: 2001, reason: 'instance removed' });
  });

  it('keeps existing assignments when instances are added, so unrelated instances keep their IDs', () => {
    const resources = { ports: { min: 1, max: 100 } };
    const before = assignIds({ resources, requests: { b: ['ports'], d: ['ports'] }, previous: empty }).file;
    const after = assignIds({ resources, requests: { a: ['ports'], b: ['ports'], c: ['ports'], d: ['ports'] }, previous: before });
    expect(after.file.ids.ports).toEqual({ a: 3, b: 1, c: 4, d: 2 });
    expect(after.assigned).toEqual([
      { pool: 'ports', instance: 'a', id: 3 },
      { pool: 'ports', instance: 'c', id: 4 },
    ]);
    // Assigning again changes nothing.
    expect(assignIds({ resources, requests: { a: ['ports'], b: ['ports'], c: ['ports'], d: ['ports'] }, previous: after.file }).file).toEqual(after.file);
  });

  it('drops assignments of removed instances, of instances that no longer ask, outside the pool, and of removed pools', () => {
    const previous: IdsFile = {
      ids: { ports: { gone: 10, quiet: 11, stays: 12, far: 99 }, oldPool: { stays: 1 } },
      lastAssignments: { ports: 12, oldPool: 1 },
    };
    const result = assignIds({ resources: { ports: { min: 10, max: 20 } }, requests: { quiet: [], stays: ['ports'], far: ['ports'] }, previous });
    expect(result.dropped).toEqual(
      expect.arrayContaining([
        { pool: 'ports', instance: 'gone', id: 10, reason: 'instance removed' },
        { pool: 'ports', instance: 'quiet', id: 11, reason: 'pool no longer requested' },
        { pool: 'ports', instance: 'far', id: 99, reason: 'outside the pool' },
        { pool: 'oldPool', instance: 'stays', id: 1, reason: 'pool removed' },
      ]),
    );
    expect(result.file).toEqual({ ids: { ports: { far: 13, stays: 12 } }, lastAssignments: { ports: 13 } });
  });

  it('wraps around from max to min, skipping IDs in use', () => {
    const previous: IdsFile = { ids: { ports: { a: 1, d: 3 } }, lastAssignments: { ports: 4 } };
    const result = assignIds({ resources: { ports: { min: 1, max: 5 } }, requests: { a: ['ports'], b: ['ports'], c: ['ports'], d: ['ports'] }, previous });
    expect(result.file.ids.ports).toEqual({ a: 1, b: 5, c: 2, d: 3 });
    expect(result.file.lastAssignments.ports).toBe(2);
  });

  it('starts again from min when the last assignment lies outside a narrowed pool (where upstream would go below min)', () => {
    const result = assignIds({ resources: { ports: { min: 100, max: 110 } }, requests: { a: ['ports'] }, previous: { ids: {}, lastAssignments: { ports: 50 } } });
    expect(result.file.ids.ports).toEqual({ a: 100 });
  });

  it('gives a duplicated ID (an edited file) to the first instance by name and a new one to the other', () => {
    const previous: IdsFile = { ids: { ports: { a: 7, b: 7 } }, lastAssignments: { ports: 7 } };
    const result = assignIds({ resources: { ports: { min: 1, max: 10 } }, requests: { a: ['ports'], b: ['ports'] }, previous });
    expect(result.file.ids.ports).toEqual({ a: 7, b: 8 });
    expect(result.dropped).toEqual([{ pool: 'ports', instance: 'b', id: 7, reason: 'duplicate' }]);
  });

  it('handles custom pools of any name, and lists empty pools', () => {
    const result = assignIds({
      resources: { redisDatabases: { min: 0, max: 15 }, unused: { min: 1, max: 2 } },
      requests: { cache: ['redisDatabases'], sessions: ['redisDatabases'] },
      previous: empty,
    });
    expect(result.file).toEqual({ ids: { redisDatabases: { cache: 0, sessions: 1 }, unused: {} }, lastAssignments: { redisDatabases: 1 } });
  });

  it('fails with every exhausted pool and the instances left without an ID', () => {
    const previous: IdsFile = { ids: { ports: { a: 1 } }, lastAssignments: { ports: 1 } };
    const attempt = () => assignIds({ resources: { ports: { min: 1, max: 2 } }, requests: { a: ['ports'], b: ['ports'], c: ['ports'], d: ['ports'] }, previous });
    expect(attempt).toThrow(IdAssignmentError);
    expect(attempt).toThrow('pool "ports": is exhausted: all 2 IDs from 1 to 2 are in use; still without one: c, d');
  });

  it('names the instance and the pool when an instance asks for a pool that does not exist', () => {
    const attempt = () => assignIds({ resources: { uids: { min: 1, max: 9 } }, requests: { web: ['uids', 'webPorts'], api: ['apiPorts'] }, previous: empty });
    expect(attempt).toThrow(
      '2 problems assigning IDs:\ninstance "api": pool "apiPorts": is requested in requiresUniqueIdsFor but is not defined in the ID resources\ninstance "web": pool "webPorts": is requested in requiresUniqueIdsFor but is not defined in the ID resources',
    );
  });
});
