// Until the sandbox library lands: a mount namespace whose /etc is a throw-away copy, so that
// useradd and groupadd change the copy and never the machine's accounts.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../support/temp-dir.ts';
import type { CliResult } from '../../support/cli.ts';

const ACCOUNT_FILES = ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow'];

function accountFilesDigest(): string {
  const hash = createHash('sha256');
  for (const file of ACCOUNT_FILES) hash.update(readFileSync(file));
  return hash.digest('hex');
}

/**
 * login.defs lines giving this copy's system accounts a range of IDs of their own. Copies of one
 * /etc would otherwise all hand out the same IDs (999, 998, …), and userdel, which looks for
 * processes by UID in the machine's /proc, would refuse to remove a user of one test while a process
 * of another test file, running in parallel, has that UID.
 */
function systemIdRange(): string {
  const first = 61_000 + Math.floor(Math.random() * 10_000) * 100;
  const last = first + 99;
  return `\nSYS_UID_MIN ${first}\nSYS_UID_MAX ${last}\nSYS_GID_MIN ${first}\nSYS_GID_MAX ${last}\n`;
}

/**
 * Runs a shell script as root with a private copy of /etc, and fails if the machine's account
 * files changed meanwhile (which would mean the isolation broke).
 */
export async function runWithPrivateEtc(script: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const etc = join(tempDir('procform-etc-'), 'etc');
  execFileSync('cp', ['-a', '/etc', etc]);
  appendFileSync(join(etc, 'login.defs'), systemIdRange());
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
