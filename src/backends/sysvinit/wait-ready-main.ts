#!/usr/bin/env node
// The readiness wait of sysvinit scripts (wait_ready in init-functions.sh): `start` returns only
// once the instance is ready, so running the scripts in rc order gives readiness-gated ordering.
// Unlike the shared wait-ready, a `log` check reads the log from where this start's output begins,
// so that lines of an earlier run cannot pass for this one's.
//   node wait-ready-main.js [--log-file FILE [--log-offset BYTES] [--timestamps]] CHECK_JSON
// Exits 0 once ready; 1, with the reason on stderr, when the check times out.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ReadinessSpec } from '../../model/types.ts';
import { waitUntilReady } from '../../readiness/wait-until-ready.ts';

const { values, positionals } = parseArgs({
  options: { 'log-file': { type: 'string' }, 'log-offset': { type: 'string' }, timestamps: { type: 'boolean' } },
  allowPositionals: true,
});
const logFile = values['log-file'];
const offset = Number(values['log-offset'] ?? 0);
const timestampPrefix = /^\d{4}-\d\d-\d\dT[\d:.]+Z /gm;

/** This start's output: from the offset, or all of a file rotated since (it is then smaller). */
async function output(): Promise<string> {
  if (logFile === undefined) return '';
  const content = await readFile(logFile).catch(() => Buffer.alloc(0));
  const text = (content.length >= offset ? content.subarray(offset) : content).toString('utf8');
  return values.timestamps ? text.replace(timestampPrefix, '') : text;
}

try {
  await waitUntilReady(JSON.parse(positionals[0]!) as ReadinessSpec, { output });
} catch (error) {
  process.stderr.write(`wait-ready: ${(error as Error).message}\n`);
  process.exit(1);
}
