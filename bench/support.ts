// Measuring helpers shared by the benchmark's managers: polling ports, reading /proc, medians.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether an HTTP server answers on the port (any status). */
export function answers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Resolves once every port answers; the time it took, from `since`. */
export async function waitAllAnswer(ports: readonly number[], since: number, timeoutMs = 120_000): Promise<number> {
  const pending = new Set(ports);
  while (pending.size > 0) {
    if (Date.now() - since > timeoutMs) throw new Error(`${pending.size} of ${ports.length} ports still do not answer after ${timeoutMs} ms`);
    await Promise.all([...pending].map(async (port) => (await answers(port, 500)) && pending.delete(port)));
    if (pending.size > 0) await sleep(2);
  }
  return Date.now() - since;
}

/** Resolves once a TCP connection to the port is accepted (for restart latency: 1 ms resolution). */
export async function waitTcp(port: number, since: number, timeoutMs = 30_000): Promise<number> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return Date.now() - since;
    if (Date.now() - since > timeoutMs) throw new Error(`port ${port} does not answer after ${timeoutMs} ms`);
    await sleep(1);
  }
}

/** PID of each living `busybox httpd -p 127.0.0.1:PORT` process, by port: who runs what, whatever the manager. */
export function httpdByPort(): Map<number, number[]> {
  const byPort = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!argv[0]!.endsWith('busybox') || argv[1] !== 'httpd') continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(argv.join(' '))?.[1]);
      byPort.set(port, [...(byPort.get(port) ?? []), Number(entry)]);
    } catch {
      // Exited while we looked.
    }
  }
  return byPort;
}

/** Waits until no httpd of ours runs any more; the time it took. */
export async function waitNoHttpd(ports: readonly number[], since: number, timeoutMs = 60_000): Promise<number> {
  const ours = new Set(ports);
  for (;;) {
    const left = [...httpdByPort().keys()].filter((port) => ours.has(port));
    if (left.length === 0) return Date.now() - since;
    if (Date.now() - since > timeoutMs) throw new Error(`${left.length} httpd still run after ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Resident memory of processes, in MiB. */
export function rssMiB(pids: readonly number[]): number {
  let kib = 0;
  for (const pid of pids) {
    try {
      kib += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return kib / 1024;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Measures a log pipeline: from the first byte on file to the last expected one. */
export async function waitLogComplete(files: () => string[], expectedBytes: number, timeoutMs = 120_000): Promise<{ seconds: number; bytes: number }> {
  const started = Date.now();
  const total = () => files().reduce((sum, file) => sum + fileSize(file), 0);
  while (total() === 0) {
    if (Date.now() - started > timeoutMs) throw new Error('no output on file');
    await sleep(1);
  }
  const first = performance.now();
  let last = total();
  let lastChange = Date.now();
  for (;;) {
    const now = total();
    if (now >= expectedBytes) return { seconds: (performance.now() - first) / 1000, bytes: now };
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > 10_000) {
      return { seconds: (performance.now() - first - 10_000) / 1000, bytes: now };
    }
    await sleep(2);
  }
}

/** Lines in files: those equal to `expected`, and the others (a manager's or a program's own messages). */
export function countLines(paths: readonly string[], expected: string): { matching: number; other: number } {
  const want = Buffer.from(expected);
  let matching = 0;
  let other = 0;
  for (const path of paths) {
    const data = readFileSync(path);
    let start = 0;
    let index = data.indexOf(10);
    while (index !== -1) {
      if (index - start === want.length && data.compare(want, 0, want.length, start, index) === 0) matching += 1;
      else other += 1;
      start = index + 1;
      index = data.indexOf(10, start);
    }
  }
  return { matching, other };
}

/** Whether a process with this PID exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** CPU time (user + system) the processes used so far, in seconds: a cost that other work on the machine does not inflate as much as wall time. */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, fields 14 and 15 of stat(5), counted from the state (field 3).
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone.
    }
  }
  return ticks / 100;
}
