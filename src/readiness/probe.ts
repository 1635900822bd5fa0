// One readiness check, of any kind. Dependency-free (only Node's own modules), because wrapper
// scripts of every backend run it through wait-ready-main.ts, outside procform's process.
import { spawn } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { ReadinessSpec } from '../model/types.ts';

export type ProbeResult = { ready: true } | { ready: false; reason: string };

export interface ProbeContext {
  /** The instance's output so far, for `log` readiness (a log file, or what a supervisor captured). */
  output?: () => Promise<string>;
}

/** Checks once; each attempt is bounded by `attemptMs` so a hanging peer cannot stall the waiter. */
export async function probeOnce(spec: ReadinessSpec, context: ProbeContext = {}, attemptMs = 5000): Promise<ProbeResult> {
  switch (spec.kind) {
    case 'tcp':
      return probeTcp(spec.host, spec.port, attemptMs);
    case 'http':
      return probeHttp(spec.url, spec.status, attemptMs);
    case 'exec':
      return probeExec(spec.command, attemptMs);
    case 'file':
      return access(spec.path).then(
        () => ({ ready: true }),
        () => ({ ready: false, reason: `${spec.path} does not exist yet` }),
      );
    case 'log': {
      const text = context.output ? await context.output() : '';
      return new RegExp(spec.pattern, 'm').test(text) ? { ready: true } : { ready: false, reason: `no output line matches /${spec.pattern}/ yet` };
    }
  }
}

function probeTcp(host: string, port: number, attemptMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: attemptMs });
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done({ ready: true }));
    socket.once('timeout', () => done({ ready: false, reason: `connecting to ${host}:${port} timed out` }));
    socket.once('error', (error) => done({ ready: false, reason: `${host}:${port}: ${error.message}` }));
  });
}

function probeHttp(url: string, status: number | null, attemptMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { timeout: attemptMs, rejectUnauthorized: false }, (response) => {
      response.resume();
      const code = response.statusCode ?? 0;
      const ok = status === null ? code >= 200 && code < 400 : code === status;
      resolve(ok ? { ready: true } : { ready: false, reason: `GET ${url} answered ${code}${status === null ? '' : `, not ${status}`}` });
    });
    request.once('timeout', () => request.destroy(new Error('timed out')));
    request.once('error', (error) => resolve({ ready: false, reason: `GET ${url}: ${error.message}` }));
    request.end();
  });
}

function probeExec(command: string[], attemptMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore', timeout: attemptMs, killSignal: 'SIGKILL' });
    child.once('error', (error) => resolve({ ready: false, reason: `${command[0]}: ${error.message}` }));
    child.once('exit', (code, signal) =>
      resolve(code === 0 ? { ready: true } : { ready: false, reason: `${command.join(' ')} ${signal ? `was killed by ${signal}` : `exited ${code}`}` }),
    );
  });
}

/** `log` readiness reads a file when no supervisor captures the output. */
export function logFileOutput(path: string): () => Promise<string> {
  return () => readFile(path, 'utf8').catch(() => '');
}
