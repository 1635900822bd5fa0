// Ports for tests that start servers. A port the kernel picks (listen on port 0) and that is then
// closed is only free for a moment: the kernel hands the same range out again, to the next
// listen(0) of a test running beside this one and to every connect() as its local port (nginx's
// connections to its upstreams, readiness probes, HTTP clients), so a server started seconds later
// on it failed at random with EADDRINUSE. Ports here come from outside the kernel's ephemeral range
// (net.ipv4.ip_local_port_range), which it never picks by itself, and each is claimed by a file
// naming the claiming process, so that no other test process gets it while that process lives.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning } from '../../src/process/proc-stat.ts';

const claims = join(tmpdir(), 'procform-test-ports');
const lowest = 10_000;

/** The ports the kernel never picks for listen(0) or connect(): below and above its ephemeral range. */
export function portsOutsideEphemeralRange(): number[] {
  const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number) as [number, number];
  const ports: number[] = [];
  for (let port = lowest; port < 65_536; port++) if (port < low || port > high) ports.push(port);
  return ports;
}

let candidates: number[] | undefined;
let next = -1;

/** Whether nothing listens on the port on any IPv4 address (a wildcard bind conflicts with every one). */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function ownerOf(file: string): number | null {
  try {
    return Number(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Creates the claim file, unless it exists. */
function create(file: string, owner: number): boolean {
  try {
    writeFileSync(file, String(owner), { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

/** Claims the port for this process, unless a live process holds the claim. */
function claim(port: number): boolean {
  const file = join(claims, String(port));
  if (create(file, process.pid)) return true;
  const owner = ownerOf(file);
  if (owner === null || owner === process.pid || isRunning(owner)) return false;
  // A claim of a process that is gone: moved aside (one process can), then made anew.
  const aside = `${file}.gone-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return false;
  }
  const moved = ownerOf(aside);
  rmSync(aside, { force: true });
  if (moved !== owner) {
    // Another process claimed it meanwhile: its claim goes back.
    if (moved !== null) create(file, moved);
    return false;
  }
  return create(file, process.pid);
}

/** A TCP port no other test process is given while this one runs, and nothing listened on when it was given. */
export async function freePort(): Promise<number> {
  mkdirSync(claims, { recursive: true });
  candidates ??= portsOutsideEphemeralRange();
  if (next < 0) next = Math.floor(Math.random() * candidates.length);
  for (let tried = 0; tried < candidates.length; tried++) {
    const port = candidates[next]!;
    next = (next + 1) % candidates.length;
    if (claim(port) && (await bindable(port))) return port;
  }
  throw new Error(`no free port outside the ephemeral range that no other test process claimed (${claims})`);
}

export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) ports.push(await freePort());
  return ports;
}
