#!/usr/bin/env node
// procform-webapp: the test service of the examples (upstream's webapp/, in Node). An HTTP server
// answering "Simple test webapp listening on port: N". PORT sets the port; with -D it daemonizes
// the way daemon(7) asks, and the parent returns only once the daemon listens and has written
// PID_FILE, so a process manager that starts it may rely on it straight away.
import { fork } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const DAEMON_CHILD = '--procform-daemon-child';
const args = process.argv.slice(2);

if (args.includes('-h') || args.includes('--help')) {
  process.stdout.write('usage: procform-webapp [-D]\n  PORT=N      port to listen on (required)\n  PID_FILE=F  PID file written in daemon mode (required with -D)\n');
  process.exit(0);
}

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, got "${process.env.PORT ?? ''}"`);
const pidFile = process.env.PID_FILE;

if (args.includes('-D')) {
  if (!pidFile) fail('PID_FILE must be set in daemon mode (-D)');
  await daemonize();
} else {
  serve(args.includes(DAEMON_CHILD));
}

function serve(asDaemon: boolean): void {
  const server = createServer((request, response) => {
    process.stdout.write(`${request.method} ${request.url} Host: ${request.headers.host ?? '-'}\n`);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!DOCTYPE html>\n<html>\n<head><title>Simple test webapp</title></head>\n<body>Simple test webapp listening on port: ${port}</body>\n</html>\n`,
    );
  });
  server.on('error', (error) => fail(`cannot listen on port ${port}: ${error.message}`));
  server.listen(port, () => {
    process.stdout.write(`Simple test webapp listening on port: ${port}\n`);
    if (asDaemon) {
      writeFileSync(pidFile!, `${process.pid}\n`);
      process.send?.('ready');
      process.disconnect?.();
    }
  });
  const shutdown = (signal: NodeJS.Signals) => {
    process.stdout.write(`received ${signal}, stopping\n`);
    server.close();
    server.closeAllConnections();
    if (asDaemon) removeOwnPidFile();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

/** Starts the server in a new session, detached from us, and waits until it is ready. */
async function daemonize(): Promise<void> {
  const child = fork(process.argv[1]!, [DAEMON_CHILD], {
    detached: true, // setsid(): no controlling terminal, own process group
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    cwd: '/',
  });
  const outcome = await new Promise<string>((resolve) => {
    child.once('message', () => resolve('ready'));
    child.once('exit', (code) => resolve(`the daemon exited (code ${code}) before it was ready`));
    setTimeout(() => resolve('the daemon was not ready after 10 s'), 10_000).unref();
  });
  if (outcome !== 'ready') fail(outcome);
  child.disconnect();
  child.unref();
}

function removeOwnPidFile(): void {
  try {
    if (readFileSync(pidFile!, 'utf8').trim() === String(process.pid)) rmSync(pidFile!);
  } catch {
    // Already gone: nothing to clean.
  }
}

function fail(message: string): never {
  process.stderr.write(`procform-webapp: ${message}\n`);
  process.exit(1);
}
