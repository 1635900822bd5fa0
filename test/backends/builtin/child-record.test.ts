// The supervisor's record of its process groups, read by the next supervisor after a crash.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChildRecord, readRecord } from '../../../src/backends/builtin/supervisor/child-record.ts';
import { tempDir } from '../../support/temp-dir.ts';

const group = (pgid: number) => ({ instance: `web${pgid}`, pgid, since: 1000 + pgid, signal: 'SIGTERM', timeoutMs: 10_000 });
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('the child record', () => {
  it('appends one line per change after a snapshot; reading replays them, ignoring a line torn by a crash', () => {
    const path = join(tempDir(), 'children.json');
    const record = new ChildRecord(path);
    record.setGuardian(process.pid);
    for (const pgid of [11, 12, 13]) record.add(group(pgid));
    record.remove(12);
    // Written at once, without waiting for the event loop.
    expect(readRecord(path)).toEqual({ supervisor: { pid: process.pid, startTime: expect.any(Number) }, guardian: { pid: process.pid, startTime: expect.any(Number) }, groups: [group(11), group(13)] });
    expect(lines(path)).toHaveLength(5);

    appendFileSync(path, '{"add":{"instance":"web14","pgid":14,"si');
    expect(readRecord(path)!.groups).toEqual([group(11), group(13)]);
  });

  it('is rewritten as one snapshot after many changes, and when asked to', () => {
    const path = join(tempDir(), 'children.json');
    const record = new ChildRecord(path);
    for (let round = 0; round < 700; round += 1) {
      record.add(group(round));
      if (round % 10 !== 0) record.remove(round);
    }
    expect(lines(path).length).toBeLessThan(1200);
    expect(readRecord(path)!.groups).toEqual(Array.from({ length: 70 }, (_, index) => group(index * 10)));
    record.writeNow();
    expect(lines(path)).toHaveLength(1);
    expect(readRecord(path)!.groups).toHaveLength(70);
  });

  it('reads the single-object file of earlier supervisors', () => {
    const path = join(tempDir(), 'children.json');
    writeFileSync(path, JSON.stringify({ supervisor: { pid: 1, startTime: 2 }, guardian: null, groups: [group(5)] }));
    expect(readRecord(path)).toEqual({ supervisor: { pid: 1, startTime: 2 }, guardian: null, groups: [group(5)] });
    expect(readRecord(join(tempDir(), 'missing.json'))).toBeNull();
  });
});
