#!/usr/bin/env node
// wait-ready: blocks until readiness checks pass, for process managers that cannot wait for
// readiness themselves: supervisord programs' wrappers (waiting for their dependencies), systemd's
// ExecStartPost=, sysvinit's wait_ready (init-functions.sh).
//   node wait-ready-main.js [LOG OPTIONS] SPEC_JSON [[LOG OPTIONS] SPEC_JSON …]
// Each SPEC_JSON is a ReadinessSpec. LOG OPTIONS apply to the spec after them, for `log` checks:
//   --log-file FILE     the log whose lines to match
//   --log-offset BYTES  only the lines after this offset (where this start's output begins) …
//   --log-offset-file F … or after the offset written in F
//   --timestamps        the lines start with timestamps, which the pattern must not see
// --pid-file FILE (anywhere): stop waiting as soon as the process FILE names is gone; a service
// that died will not become ready, and its start should fail now, not at the timeout.
// Exits 0 once all are ready; 1, with the reason on stderr, when one times out or the process is gone.
import type { ReadinessSpec } from '../model/types.ts';
import { isRunning } from '../process/proc-stat.ts';
import { readPidFile } from '../process/read-pid-file.ts';
import type { LogWindow } from './log-output.ts';
import { logFileOutput } from './log-output.ts';
import { waitUntilReady } from './wait-until-ready.ts';

const checks: { spec: ReadinessSpec; output?: () => Promise<string> }[] = [];
const args = process.argv.slice(2);
let logFile: string | undefined;
let pidFile: string | undefined;
let window: LogWindow = {};
for (let index = 0; index < args.length; index += 1) {
  const arg = args[index]!;
  if (arg === '--log-file') logFile = args[(index += 1)];
  else if (arg === '--log-offset') window.offset = Number(args[(index += 1)]);
  else if (arg === '--log-offset-file') window.offsetFile = args[(index += 1)];
  else if (arg === '--timestamps') window.timestamps = true;
  else if (arg === '--pid-file') pidFile = args[(index += 1)];
  else {
    checks.push({ spec: JSON.parse(arg) as ReadinessSpec, ...(logFile !== undefined && { output: logFileOutput(logFile, window) }) });
    logFile = undefined;
    window = {};
  }
}

const gone = new AbortController();
const watch = pidFile === undefined ? undefined : setInterval(() => void checkProcess(pidFile!), 50);
try {
  await Promise.all(checks.map(({ spec, output }) => waitUntilReady(spec, { signal: gone.signal, ...(output !== undefined && { output }) })));
} catch (error) {
  process.stderr.write(`wait-ready: ${gone.signal.aborted ? String(gone.signal.reason) : (error as Error).message}\n`);
  process.exit(1);
}
clearInterval(watch);

async function checkProcess(file: string): Promise<void> {
  const pid = await readPidFile(file);
  if (pid === null || !isRunning(pid)) gone.abort(pid === null ? `${file} names no process any more` : `its process (PID ${pid}, from ${file}) exited before it was ready`);
}
