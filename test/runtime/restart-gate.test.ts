// restart-gate, the finish script's decision (s6, runit), run as the finish script runs it: how long
// the run lasted is measured up to the finish script's start, and a backoff sleep ends once the
// supervisor no longer wants the service up (the supervisor acts on a stop only after finish ends).
import { spawn } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RestartSpec } from '../../src/model/types.ts';
import { serviceStateFiles } from '../../src/runtime/service-dir/service-state.ts';
import { eventually } from '../support/eventually.ts';
import { tempDir } from '../support/temp-dir.ts';

const gate = fileURLToPath(new URL('../../dist/src/runtime/service-dir/restart-gate-main.js', import.meta.url));
const restart: RestartSpec = { policy: 'always', backoff: { initialMs: 20_000, multiplier: 2, maxMs: 30_000, maxRestarts: 10, resetAfterMs: 60_000 } };

/** A state folder as the run and finish scripts leave it; `wanted` is what the supervisor says. */
function serviceState(options: { startedAt: number; endedAt: number; record?: object }) {
  const dir = tempDir();
  const files = serviceStateFiles(dir);
  writeFileSync(files.startedAt, `${options.startedAt}\n`);
  writeFileSync(files.lastExit, '3 0\n');
  utimesSync(files.lastExit, options.endedAt / 1000, options.endedAt / 1000);
  if (options.record) writeFileSync(files.record, JSON.stringify(options.record));
  const wanted = join(dir, 'wanted');
  writeFileSync(wanted, 'true\n');
  return { dir, files, wanted };
}

function runGate(dir: string, wanted: string): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [gate, '--state', dir, '--restart', JSON.stringify(restart), '--wanted-up-command', `cat ${wanted}`, '--', '3', '0'], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, ms: Date.now() - started })));
}

describe('restart-gate', () => {
  it('counts a run by when it ended (the finish script began), not by when the gate itself got to run', async () => {
    // The run lasted 100 ms; the gate starts 3 s later, as Node may on a loaded machine.
    const now = Date.now();
    const { dir, files, wanted } = serviceState({ startedAt: now - 3100, endedAt: now - 3000 });
    expect(await runGate(dir, wanted)).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(files.record, 'utf8'))).toMatchObject({ failedStarts: 1, total: 1, stopped: null, lastExit: { code: 3, at: now - 3000 } });
  });

  it('ends its backoff sleep once the service is no longer wanted up, and records the stop instead of the restart', async () => {
    // The second restart in a row waits initialMs, 20 s.
    const now = Date.now();
    const { dir, files, wanted } = serviceState({ startedAt: now - 5000, endedAt: now, record: { recent: 1, failedStarts: 0, total: 1, lastExit: null, stopped: null } });
    const gated = runGate(dir, wanted);
    const record = () => JSON.parse(readFileSync(files.record, 'utf8')) as { total: number };
    // Recorded: the gate has decided on the restart and sleeps before it.
    await eventually(() => record().total === 2, 20_000, 'the gate to record the restart it sleeps before');
    expect(record()).toMatchObject({ recent: 2, total: 2, stopped: null });
    writeFileSync(wanted, 'false\n');
    const { code, ms } = await gated;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    expect(JSON.parse(readFileSync(files.record, 'utf8'))).toMatchObject({ recent: 1, total: 1, stopped: 'stopped', lastExit: { code: 3 } });
  });
});
