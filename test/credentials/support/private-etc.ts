// Until the sandbox library lands: a mount namespace whose /etc is a throw-away copy, so that
// useradd and groupadd change the copy and never the machine's accounts.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning } from '../../../src/process/proc-stat.ts';
import { tempDir } from '../../support/temp-dir.ts';
import type { CliResult } from '../../support/cli.ts';

const ACCOUNT_FILES = ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow'];

function accountFilesDigest(): string {
  const hash = createHash('sha256');
  for (const file of ACCOUNT_FILES) hash.update(readFileSync(file));
  return hash.digest('hex');
}

// Accounts made in a copy of /etc would take the same UIDs and GIDs as the machine's next accounts
// and as every other private /etc copied at the same time (useradd --system picks the highest free
// one below 1000). userdel refuses to remove a user while any process of the machine runs with its
// UID, so another test's process (or a sandbox's, or the machine's own) with the same UID made
// `down` fail at random. Each run therefore gets a block of IDs of its own, claimed by a file
// (a claim whose owner is gone is taken over), above the subordinate IDs (SUB_UID_MAX) that
// user-namespaced containers use, and holding no running process's UID or GID.
const blockSize = 1000;
const firstBlock = 700_000_000;
const claims = join(tmpdir(), 'procform-private-etc-ids');

/** IDs of every running process: real, effective, saved and file-system UIDs and GIDs. */
export function idsInUse(): Set<number> {
  const ids = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      for (const line of status.match(/^(Uid|Gid):.*$/gm) ?? []) for (const id of line.split(/\s+/).slice(1)) ids.add(Number(id));
    } catch {
      // Gone meanwhile.
    }
  }
  return ids;
}

/** Claims a block of IDs no other run holds and no process uses; returns its first ID and a release. */
function claimIdBlock(): { first: number; release: () => void } {
  mkdirSync(claims, { recursive: true });
  const inUse = idsInUse();
  for (let block = 0; block < 1000; block++) {
    const first = firstBlock + block * blockSize;
    if ([...inUse].some((id) => id >= first && id < first + blockSize)) continue;
    const claim = join(claims, String(block));
    try {
      writeFileSync(claim, String(process.pid), { flag: 'wx' });
    } catch {
      // Held by a run of this process or of another live one: not free.
      if (isRunning(Number(readFileSync(claim, 'utf8')))) continue;
      writeFileSync(claim, String(process.pid));
    }
    return { first, release: () => rmSync(claim, { force: true }) };
  }
  throw new Error(`no free block of IDs for a private /etc in ${claims}`);
}

/** login.defs of the copy, with every account range inside the block: system IDs first, then the rest. */
function confineIds(etc: string, first: number): void {
  const file = join(etc, 'login.defs');
  const half = blockSize / 2;
  const ranges: Record<string, number> = {
    SYS_UID_MIN: first, SYS_UID_MAX: first + half - 1, SYS_GID_MIN: first, SYS_GID_MAX: first + half - 1,
    UID_MIN: first + half, UID_MAX: first + blockSize - 1, GID_MIN: first + half, GID_MAX: first + blockSize - 1,
  };
  const kept = readFileSync(file, 'utf8').split('\n').filter((line) => !(line.split(/\s+/)[0]! in ranges));
  writeFileSync(file, [...kept, ...Object.entries(ranges).map(([key, value]) => `${key} ${value}`), ''].join('\n'));
}

/**
 * Runs a shell script as root with a private copy of /etc, and fails if the machine's account
 * files changed meanwhile (which would mean the isolation broke). Accounts it makes without a
 * given ID get one from a block of IDs of this run's own (above).
 */
export async function runWithPrivateEtc(script: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const etc = join(tempDir('procform-etc-'), 'etc');
  execFileSync('cp', ['-a', '/etc', etc]);
  const ids = claimIdBlock();
  try {
    confineIds(etc, ids.first);
    return await runIn(etc, script, options);
  } finally {
    ids.release();
  }
}

async function runIn(etc: string, script: string, options: { env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  const before = accountFilesDigest();
  const result = await new Promise<CliResult>((resolve, reject) => {
    const child = spawn('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount --bind "$1" /etc && exec sh -ec "$2"', 'sh', etc, script], {
      // NO_COLOR: picocolors colours output when CI is set, and the tests read it as text.
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  if (accountFilesDigest() !== before) throw new Error('the machine\'s account files changed during a private-/etc test');
  return result;
}
