// `procform image build --base debian`: the image's lower layer is a Debian minbase root made from
// the package mirror with mmdebstrap (no root, no daemon), so the container has apt and an edited
// model can use programs installed in it, as upstream's mutable images have Nix. The root is of the
// build host's own release (its programs and libraries make the layer above) and is cached, keyed
// by release, variant and mirror: the second build does not fetch again. It appears in the cache
// complete or not at all, written under a temporary name and renamed last.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ProcformError, UsageError } from '../errors.ts';
import { onInterrupt, signalExitCode } from '../process/on-interrupt.ts';

export const IMAGE_BASES = ['none', 'debian'] as const;
export type ImageBase = (typeof IMAGE_BASES)[number];
const VARIANT = 'minbase';

/** The build host lacks a program the image needs (sysexits' EX_UNAVAILABLE), as for tini. */
export const MISSING_PROGRAM_EXIT_CODE = 69;
/** mmdebstrap failed: the mirror unreachable or refusing (sysexits' EX_TEMPFAIL: try again). */
export const BASE_FAILED_EXIT_CODE = 75;

export interface DebianBaseOptions {
  mirror: string;
  /** Where made roots are kept (default: $XDG_CACHE_HOME/procform/debian-base). */
  cacheDir?: string;
  osRelease?: string;
}

export interface DebianBase {
  /** The root as a tar, the image's lower layer as is. */
  tar: string;
  release: string;
  /** True when this build ran mmdebstrap, false when the cache had the root. */
  made: boolean;
}

export function defaultBaseCache(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'procform', 'debian-base');
}

/** The release codename of the build host (VERSION_CODENAME in /etc/os-release); Debian only. */
export function hostRelease(osRelease = '/etc/os-release'): string {
  const text = existsSync(osRelease) ? readFileSync(osRelease, 'utf8') : '';
  const field = (name: string) => text.match(new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm'))?.[1];
  const codename = field('VERSION_CODENAME');
  if (field('ID') !== 'debian' || !codename) {
    throw new UsageError(`--base debian makes a root of the build host's Debian release, but ${osRelease} names no Debian release (ID=${field('ID') ?? 'none'})`, {
      hint: 'Build on Debian (the layer above the root is made of the build host\'s programs and libraries), or leave --base at none.',
    });
  }
  return codename;
}

/** The cached root of the host's release, made with mmdebstrap when the cache lacks it. */
export async function debianBase(options: DebianBaseOptions): Promise<DebianBase> {
  const release = hostRelease(options.osRelease);
  const cacheDir = options.cacheDir ?? defaultBaseCache();
  const mirrorKey = createHash('sha256').update(options.mirror).digest('hex').slice(0, 12);
  const tar = join(cacheDir, `debian-${release}-${VARIANT}-${mirrorKey}.tar`);
  if (existsSync(tar)) return { tar, release, made: false };
  const mmdebstrap = findOnPath('mmdebstrap');
  if (mmdebstrap === undefined) {
    throw new ProcformError('--base debian needs mmdebstrap, which is not on PATH', { hint: 'Install it: apt-get install mmdebstrap. Nothing was written.', processExitCode: MISSING_PROGRAM_EXIT_CODE });
  }
  mkdirSync(cacheDir, { recursive: true });
  // mmdebstrap picks the output's format from its name: the temporary file ends in .tar too.
  const partial = join(cacheDir, `.partial-${randomBytes(6).toString('hex')}.tar`);
  // mmdebstrap copies the host's resolv.conf and hostname into the root; the container runtime
  // provides both, and leaving them out keeps the root the same on every build host.
  const hook = '--customize-hook=rm -f "$1/etc/resolv.conf" "$1/etc/hostname"';
  await runMmdebstrap(mmdebstrap, ['--variant', VARIANT, '--format', 'tar', hook, release, partial, options.mirror], partial, options.mirror);
  renameSync(partial, tar);
  return { tar, release, made: true };
}

function runMmdebstrap(program: string, args: string[], partial: string, mirror: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Interrupted: mmdebstrap is stopped and its partial root removed; the cache holds no half root.
    // Caught before mmdebstrap starts: a signal sent as soon as it shows would otherwise end this
    // process with mmdebstrap running on. (Handlers run from the event loop, after `child` is set.)
    const off = onInterrupt((signal) => {
      const exit = () => {
        rmSync(partial, { force: true });
        process.exit(signalExitCode(signal));
      };
      if (child.exitCode !== null || child.signalCode !== null) return exit();
      child.kill('SIGTERM');
      child.once('exit', exit);
    });
    // In a process group of its own: mmdebstrap signals its whole group when writing the tar fails
    // (`kill HUP => -getpgrp()`), which would end this process before it could report the failure.
    // A terminal's Ctrl-C reaches it through the handler above.
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', (error) => {
      off();
      rmSync(partial, { force: true });
      reject(error);
    });
    child.on('exit', (code, signal) => {
      off();
      if (code === 0) return resolve();
      rmSync(partial, { force: true });
      const last = stderr.trim().split('\n').slice(-5).join('\n');
      reject(
        new ProcformError(`mmdebstrap could not make the Debian root from ${mirror} (${signal ?? `exit code ${code}`}):\n${last}`, {
          hint: 'Check that the mirror is reachable (--mirror URL to use another). Nothing was written.',
          processExitCode: BASE_FAILED_EXIT_CODE,
        }),
      );
    });
  });
}

function findOnPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The digest and size of a layer tar: what the image config and manifests name it by. */
export async function fileDigest(path: string): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { digest: `sha256:${hash.digest('hex')}`, size: statSync(path).size };
}

/** A text file of the root (`etc/passwd`), or undefined when it has none. */
export function fileInRoot(tar: string, path: string): string | undefined {
  const result = spawnSync('tar', ['-xOf', tar, `./${path}`], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return result.status === 0 ? result.stdout : undefined;
}
