#!/usr/bin/env node
// timestamp-lines: runs a program and prefixes each line of its output with an ISO 8601 timestamp,
// for supervisord, which writes programs' output as it comes (log.timestamps; Supervisor #553).
//   node timestamp-lines-main.js --stop-signal SIG --stop-timeout MS -- PROGRAM ARGS…
// The program runs in its own process group, so every signal reaches it exactly once: supervisord
// signals our group, we pass the signal on. The stop signal also starts the stop timeout, after
// which the program's group is killed (supervisord's own SIGKILL would only reach us). We end as
// the program ended: its exit code, or its signal.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { signalGroup } from '../process/process-group.ts';
import { LineSplitter } from './line-splitter.ts';

const newline = Buffer.from('\n');

const args = process.argv.slice(2);
const separator = args.indexOf('--');
const option = (name: string) => args[args.indexOf(name) + 1];
const stopSignal = (option('--stop-signal') ?? 'SIGTERM') as NodeJS.Signals;
const stopTimeoutMs = Number(option('--stop-timeout') ?? 10_000);
const [program, ...programArgs] = args.slice(separator + 1);
if (separator === -1 || program === undefined) {
  process.stderr.write('usage: timestamp-lines --stop-signal SIG --stop-timeout MS -- PROGRAM [ARGS…]\n');
  process.exit(2);
}

const child = spawn(program, programArgs, { stdio: ['inherit', 'pipe', 'pipe'], detached: true });
child.on('error', (error) => {
  process.stderr.write(`${new Date().toISOString()} timestamp-lines: cannot run ${program}: ${error.message}\n`);
  process.exit(127);
});

const stamp = (input: NodeJS.ReadableStream, output: NodeJS.WritableStream) => {
  const lines = new LineSplitter((line) => output.write(Buffer.concat([Buffer.from(`${new Date().toISOString()} `), line, newline])));
  input.on('data', (chunk: Buffer) => lines.push(chunk));
  return new Promise<void>((resolve) =>
    input.once('end', () => {
      lines.end();
      resolve();
    }),
  );
};
const drained = Promise.all([stamp(child.stdout!, process.stdout), stamp(child.stderr!, process.stderr)]);

const toGroup = (signal: NodeJS.Signals) => signalGroup(child.pid!, signal);
const passedOn = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGWINCH', 'SIGCONT', 'SIGTSTP'] as const;
for (const signal of new Set<NodeJS.Signals>([...passedOn, stopSignal])) {
  if (signal === 'SIGKILL' || signal === 'SIGSTOP') continue;
  process.on(signal, () => {
    toGroup(signal);
    if (signal === stopSignal) setTimeout(() => toGroup('SIGKILL'), stopTimeoutMs).unref();
  });
}

child.once('exit', async (code, signal) => {
  // Children the program left behind may hold its output open: do not wait for them.
  await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 500))]);
  if (signal === null) process.exit(code ?? 1);
  // Die of the same signal, so that supervisord sees what the program did.
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 100);
});
