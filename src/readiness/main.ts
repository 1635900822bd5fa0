#!/usr/bin/env node
// Standalone readiness waiter for wrapper scripts of other process managers and for tests:
//   node dist/src/readiness/main.js '<ReadinessSpec as JSON>' [LOG_FILE]
// Exits 0 once ready, 1 with the reason on stderr when not ready in time, 2 on bad usage.
// A `log` check follows LOG_FILE from its current end (lines written before it started do not count).
import { stat } from 'node:fs/promises';
import type { ReadinessSpec } from '../model/types.ts';
import { feedFileToMatcher, LineMatcher } from './log-line.ts';
import { waitUntilReady } from './wait-until-ready.ts';

const [specJson, logFile] = process.argv.slice(2);
let spec: ReadinessSpec;
try {
  spec = JSON.parse(specJson ?? '') as ReadinessSpec;
} catch {
  process.stderr.write('usage: readiness \'{"kind":"tcp","host":"127.0.0.1","port":8080,"timeoutMs":60000,"intervalMs":100}\' [LOG_FILE]\n');
  process.exit(2);
}

const controller = new AbortController();
let lines: LineMatcher | undefined;
if (spec.kind === 'log') {
  if (!logFile) {
    process.stderr.write('readiness: a log check needs the LOG_FILE argument\n');
    process.exit(2);
  }
  const matcher = new LineMatcher(spec.pattern);
  lines = matcher;
  let offset = await stat(logFile).then((info) => info.size, () => 0);
  const follow = async () => {
    while (!controller.signal.aborted && !matcher.matched) {
      offset = await feedFileToMatcher(logFile, matcher, offset);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  void follow();
}
const result = await waitUntilReady(spec, { ...(lines && { lines }) });
controller.abort();
if (!result.ok) process.stderr.write(`${result.detail}\n`);
process.exit(result.ok ? 0 : 1);
