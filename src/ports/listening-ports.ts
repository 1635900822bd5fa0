// Who listens on which TCP port, read from /proc as ss(8) does, so that a switch can tell which
// process holds a port an instance is about to claim. Linux only; written by hand because the
// format is three lines of parsing and no library adds anything.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface PortHolder {
  pid: number;
  command: string;
}

export interface Listener {
  port: number;
  /** The local address, such as 0.0.0.0, 127.0.0.1, :: or ::1. */
  address: string;
  inode: number;
  /** The processes with the socket open; empty when /proc/<pid>/fd of its owner cannot be read. */
  holders: PortHolder[];
}

const LISTEN = '0A';

/**
 * Every listening TCP socket (IPv4 and IPv6) of this network namespace, by port. Holders are looked
 * up (a scan of every process's open files) only for the ports in `holdersOf`, when given.
 */
export function listeningTcpPorts(procRoot = '/proc', holdersOf?: ReadonlySet<number>): Map<number, Listener[]> {
  const listeners: Listener[] = [];
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(join(procRoot, 'net', table), 'utf8');
    } catch {
      continue; // No IPv6 in this kernel or namespace.
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== LISTEN) continue;
      const [address, port] = fields[1]!.split(':') as [string, string];
      listeners.push({ port: Number.parseInt(port, 16), address: decodeAddress(address), inode: Number(fields[9]), holders: [] });
    }
  }
  const wanted = holdersOf === undefined ? listeners : listeners.filter((listener) => holdersOf.has(listener.port));
  const holders = socketHolders(procRoot, new Set(wanted.map((listener) => listener.inode)));
  const byPort = new Map<number, Listener[]>();
  for (const listener of listeners) {
    listener.holders = holders.get(listener.inode) ?? [];
    byPort.set(listener.port, [...(byPort.get(listener.port) ?? []), listener]);
  }
  return byPort;
}

/** The processes holding each of the given socket inodes, from /proc/<pid>/fd links ("socket:[inode]"). */
function socketHolders(procRoot: string, inodes: Set<number>): Map<number, PortHolder[]> {
  const holders = new Map<number, PortHolder[]>();
  if (inodes.size === 0) return holders;
  for (const entry of readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(join(procRoot, entry, 'fd'));
    } catch {
      continue; // Another user's process, or gone.
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(join(procRoot, entry, 'fd', fd));
      } catch {
        continue;
      }
      const match = /^socket:\[(\d+)\]$/.exec(target);
      const inode = match ? Number(match[1]) : undefined;
      if (inode === undefined || !inodes.has(inode)) continue;
      const pid = Number(entry);
      const list = holders.get(inode) ?? [];
      if (!list.some((holder) => holder.pid === pid)) list.push({ pid, command: commandOf(procRoot, pid) });
      holders.set(inode, list);
    }
  }
  return holders;
}

function commandOf(procRoot: string, pid: number): string {
  try {
    return readFileSync(join(procRoot, String(pid), 'comm'), 'utf8').trim();
  } catch {
    return '?';
  }
}

/** /proc/net/tcp{,6} print addresses as 32-bit words in host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) => (word.match(/../g) ?? []).reverse().map((byte) => Number.parseInt(byte, 16)));
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, index) => ((bytes[2 * index]! << 8) | bytes[2 * index + 1]!).toString(16));
  const text = groups.join(':');
  if (text === '0:0:0:0:0:0:0:0') return '::';
  if (text === '0:0:0:0:0:0:0:1') return '::1';
  if (text.startsWith('0:0:0:0:0:ffff:')) return `::ffff:${bytes.slice(12).join('.')}`;
  return text;
}
