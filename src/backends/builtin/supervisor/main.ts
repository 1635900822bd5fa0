#!/usr/bin/env node
// The builtin supervisor daemon: `node dist/src/backends/builtin/supervisor/main.js --runtime-dir DIR`. One per
// state folder; the builtin driver starts it (detached, output to its log file) and talks to it
// over DIR/procform-builtin/control.sock. SIGTERM or SIGINT stop every instance, then the daemon.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { stopLeftovers, ChildRecord } from './child-record.ts';
import type { SupervisorEvent } from './events.ts';
import { formatEvent } from './format-event.ts';
import { Guardian } from './guardian.ts';
import { acquireLock, releaseLock } from './lock.ts';
import { controlPaths } from './paths.ts';
import type { Answer, Request } from './protocol.ts';
import { PROTOCOL_VERSION } from './protocol.ts';
import { serveControlSocket } from './control-socket.ts';
import { ApplyFailure, Supervisor } from './supervisor.ts';

// The supervisor's log is written once per event-loop turn: starting 500 instances is a few writes, not 1,000.
let pendingLog = '';
const log = (event: SupervisorEvent) => {
  if (pendingLog === '') setImmediate(flushLog);
  pendingLog += `${formatEvent(event)}\n`;
};
function flushLog(): void {
  const text = pendingLog;
  pendingLog = '';
  if (text) process.stdout.write(text);
}
process.on('exit', flushLog);

const runtimeDir = argument('--runtime-dir');
const paths = controlPaths(runtimeDir);
mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
chmodSync(paths.dir, 0o700);
if (statSync(paths.dir).uid !== process.getuid!()) {
  log({ kind: 'error', message: `${paths.dir} belongs to another user; refusing to use it` });
  process.exit(1);
}
if (!acquireLock(paths.pidFile)) {
  // Another supervisor won the race to start: it serves this state folder.
  process.exit(0);
}

// A supervisor that was killed together with its guardian may have left children: they go first.
await stopLeftovers(paths.record, log);
const record = new ChildRecord(paths.record, (message) => log({ kind: 'error', message }));
const guardian = new Guardian(log, (pid) => record.setGuardian(pid));
guardian.start();
const supervisor = new Supervisor({ log, guardian, record, childNofile: process.env.PROCFORM_CHILD_NOFILE });
let shuttingDown: Promise<void> | null = null;

// Started ahead of a switch (--started-early PID), while that command (PID, its parent) still
// loads its model: if the command ends before it asks for a deployment (its model failed, the
// switch was refused, Ctrl-C), nothing needs this supervisor, and it exits. Until the first
// apply, it looks every 100 ms whether it still has that parent.
const starter = Number(argument('--started-early', false) ?? 0);
let deployAsked = false;
const starterWatch = starter > 0 ? setInterval(exitIfUnused, 100) : null;
function exitIfUnused(): void {
  if (deployAsked || process.ppid === starter) return;
  clearInterval(starterWatch!);
  void shutdown('the command that started it ended before deploying anything').finally(() => process.exit(0));
}

const server = await serveControlSocket(paths.socket, async (request: Request, send: (answer: Answer) => void, cancelled: AbortSignal) => {
  if (shuttingDown && request.op === 'apply') {
    send({ kind: 'error', message: 'the supervisor is shutting down (procform down ran meanwhile?); run the command again' });
    return;
  }
  switch (request.op) {
    case 'ping':
      send({ kind: 'pong', version: PROTOCOL_VERSION, pid: process.pid });
      return;
    case 'status':
      send({ kind: 'status', instances: supervisor.status() });
      return;
    case 'apply':
      deployAsked = true;
      if (starterWatch) clearInterval(starterWatch);
      try {
        await supervisor.apply(request, (event) => send({ kind: 'event', event }), cancelled);
        send({ kind: 'done' });
      } catch (error) {
        const first = error instanceof ApplyFailure ? error.failures[0] : undefined;
        send({ kind: 'error', message: (error as Error).message, ...(first && { instance: first.instance }) });
      }
      return;
    case 'shutdown':
      await shutdown('asked to over the control socket');
      send({ kind: 'done' });
      // Exit once the answer is out.
      setImmediate(() => process.exit(0));
      return;
    default:
      send({ kind: 'error', message: `unknown request ${JSON.stringify(request)}` });
  }
});
log({ kind: 'listening', socket: paths.socket, pid: process.pid });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void shutdown(`received ${signal}`).finally(() => process.exit(0));
  });
}
process.on('SIGHUP', () => {});
// A bug in one instance's handling must not take every instance down with the supervisor.
process.on('uncaughtException', (error) => log({ kind: 'error', message: error.stack ?? error.message }));
process.on('unhandledRejection', (error) => log({ kind: 'error', message: String((error as Error)?.stack ?? error) }));

/**
 * Stops every instance, then lets go of the socket, the record, the lock and the guardian. Never
 * rejects: a step that fails (its folder was removed under it) is logged, and the rest still runs,
 * so the supervisor always exits.
 */
function shutdown(why: string): Promise<void> {
  const attempt = async (step: () => unknown) => {
    try {
      await step();
    } catch (error) {
      log({ kind: 'error', message: `while shutting down: ${(error as Error).message}` });
    }
  };
  shuttingDown ??= (async () => {
    log({ kind: 'shutdown', why });
    server.close();
    await attempt(() => supervisor.stopAll());
    await attempt(() => record.writeNow());
    await attempt(() => releaseLock(paths.pidFile));
    await attempt(() => guardian.close());
  })();
  return shuttingDown;
}

function argument(name: string): string;
function argument(name: string, required: false): string | undefined;
function argument(name: string, required = true): string | undefined {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? undefined : process.argv[index + 1];
  if (!value && required) {
    process.stderr.write(`usage: procform-supervisor ${name} DIR\n`);
    process.exit(2);
  }
  return value;
}
