// What an image must hold for its programs to run, found on the build host the way Nix finds a
// closure: each program, the shared libraries it loads (ldd: the dynamic loader's own answer, so
// DT_NEEDED, RUNPATH and the loader itself are right), the interpreter of a script, and the data
// files of the Debian packages the programs come from and of the packages those depend on (nginx's
// mime types, Python's standard library, supervisor's modules). Essential packages (coreutils,
// bash, dpkg, …) are the base system: their programs come with their libraries only.
import { spawnSync } from 'node:child_process';
import { closeSync, lstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ProcformError } from '../errors.ts';
import type { ImageTree } from './image-tree.ts';

/** Exit code of a build that needs a program or library the build host does not have (sysexits' EX_UNAVAILABLE). */
export const MISSING_ON_HOST_EXIT_CODE = 69;

/** The image needs a file the build host lacks; names it and, when known, the package to install. */
export class MissingOnHostError extends ProcformError {
  constructor(what: string, hint: string) {
    super(what, { hint, processExitCode: MISSING_ON_HOST_EXIT_CODE });
  }
}

// Documentation is no part of a closure.
const skippedPrefixes = ['/usr/share/doc/', '/usr/share/man/', '/usr/share/info/', '/usr/share/locale/', '/usr/share/lintian/', '/usr/share/bug/'];

export interface ClosureOptions {
  /** Also copy the data files of the programs' Debian packages (default true). */
  packageData?: boolean;
}

export class Closure {
  readonly #tree: ImageTree;
  readonly #programs = new Set<string>();
  readonly #withData = new Set<string>();
  readonly #packages = new Set<string>();
  readonly #pending: string[] = [];
  readonly #packageData: boolean;

  constructor(tree: ImageTree, options: ClosureOptions = {}) {
    // ClosureOptions.packageData false: programs and libraries only, whatever addProgram asks.
    this.#tree = tree;
    this.#packageData = options.packageData ?? true;
  }

  /**
   * A program at its absolute host path; `why` names who needs it, for the error when it is missing.
   * `withPackageData`: also the data files of its package and their dependencies (for the programs
   * the model runs and the manager; not for every program a script names).
   */
  addProgram(path: string, why: string, options: { install?: string; withPackageData?: boolean } = {}): void {
    if (options.withPackageData) this.#withData.add(path);
    if (this.#programs.has(path)) return;
    if (!isFile(path)) {
      throw new MissingOnHostError(`${why} needs ${path}, which is not on the build host`, options.install ? `Install it: ${options.install}` : 'Install the package that provides it on the build host.');
    }
    this.#programs.add(path);
    this.#pending.push(path);
  }

  /** A program by name, looked up on PATH and the system folders, as the build resolves executables. */
  addCommand(name: string, why: string, install?: string): string {
    const found = findOnPath(name);
    if (found === undefined) throw new MissingOnHostError(`${why} needs "${name}", which is not on the build host`, install ? `Install it: ${install}` : `Install the package that provides "${name}" on the build host.`);
    this.addProgram(found, why, install === undefined ? {} : { install });
    return found;
  }

  /** Copies everything the added programs need into the tree. */
  complete(): void {
    const elfFiles: string[] = [];
    while (this.#pending.length > 0) {
      const program = this.#pending.shift()!;
      const real = this.#tree.addHostPath(program);
      const kind = fileKind(real);
      if (kind.kind === 'elf') elfFiles.push(real);
      if (kind.kind === 'script') this.#addInterpreter(kind.interpreter, program);
    }
    for (const library of sharedLibraries(elfFiles)) this.#tree.addHostPath(library);
    if (this.#packageData) for (const file of this.#packageFiles([...this.#withData])) this.#addDataFile(file);
  }

  #addInterpreter(words: string[], script: string): void {
    const [interpreter, ...args] = words;
    if (interpreter === undefined) return;
    // An interpreter brings its library (Python's standard library is in its packages).
    this.addProgram(interpreter, `the script ${script}`, { withPackageData: this.#withData.has(script) });
    // `#!/usr/bin/env python3`: env finds the real interpreter on PATH at run time.
    if (interpreter.endsWith('/env') && args[0] !== undefined && !args[0].startsWith('-')) {
      const found = this.addCommand(args[0], `the script ${script}`);
      if (this.#withData.has(script)) this.#withData.add(found);
    }
    // The interpreter's programs were queued: complete() picks them up.
  }

  /** A file a package lists; a link is copied as a link (its target comes in if the package lists it). */
  #addDataFile(path: string): void {
    try {
      if (lstatSync(path).isDirectory()) return;
      this.#tree.addHostPath(path, { followFinalLink: false });
    } catch (error) {
      // A file the package lists but the host removed (a deleted configuration file).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** The files of the packages owning the programs, and of their dependencies, transitively. */
  #packageFiles(programs: string[]): string[] {
    const owners = owningPackages(programs);
    const queue = [...owners];
    while (queue.length > 0) {
      const name = queue.shift()!;
      if (this.#packages.has(name)) continue;
      const info = packageInfo(name);
      if (info === undefined || info.essential) continue;
      this.#packages.add(name);
      queue.push(...info.depends);
    }
    const files: string[] = [];
    for (const name of [...this.#packages].sort()) {
      const listed = spawnSync('dpkg-query', ['-L', name], { encoding: 'utf8' }).stdout ?? '';
      for (const line of listed.split('\n')) {
        if (line.startsWith('/') && !skippedPrefixes.some((prefix) => line.startsWith(prefix))) files.push(line);
      }
    }
    // Programs of those packages bring their libraries too.
    const executables = files.filter(isElfExecutable);
    for (const library of sharedLibraries(executables)) this.#tree.addHostPath(library);
    return files;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  if (name.startsWith('/')) return isFile(name) ? name : undefined;
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  return folders.filter(Boolean).map((folder) => join(folder, name)).find(isFile);
}

type FileKind = { kind: 'elf' } | { kind: 'script'; interpreter: string[] } | { kind: 'other' };

function fileKind(path: string): FileKind {
  const head = readHead(path, 256);
  if (head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return { kind: 'elf' };
  if (head.subarray(0, 2).toString() === '#!') {
    const line = head.toString('utf8').slice(2).split('\n')[0]!.trim();
    return { kind: 'script', interpreter: line.split(/\s+/).filter(Boolean) };
  }
  return { kind: 'other' };
}

function isElfExecutable(path: string): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isFile() && (stat.mode & 0o111) !== 0 && fileKind(path).kind === 'elf';
  } catch {
    return false;
  }
}

function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * The shared libraries (and the dynamic loader) ELF files load, by asking ldd. A library ldd cannot
 * find is an error: the image would hold a program that cannot start.
 */
export function sharedLibraries(files: readonly string[]): string[] {
  const libraries = new Set<string>();
  // ldd takes many files at once; batches keep the command line short.
  for (let start = 0; start < files.length; start += 200) {
    const batch = files.slice(start, start + 200);
    const result = spawnSync('ldd', batch, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw new MissingOnHostError('building an image needs ldd, which is not on the build host', 'Install it: apt-get install libc-bin');
    let current = batch[0]!;
    for (const line of result.stdout.split('\n')) {
      const header = /^(\/\S+):$/.exec(line);
      if (header) {
        current = header[1]!;
        continue;
      }
      const missing = /^\s*(\S+) => not found/.exec(line);
      if (missing) {
        throw new MissingOnHostError(`${current} needs the shared library ${missing[1]}, which the build host's loader does not find`, `Install the package that provides ${missing[1]} (dpkg -S ${missing[1]} on a machine that has it, or apt-file search).`);
      }
      const found = /=>\s+(\/\S+)\s+\(0x/.exec(line) ?? /^\s*(\/\S+)\s+\(0x/.exec(line);
      if (found) libraries.add(found[1]!);
    }
  }
  return [...libraries].sort();
}

/** The Debian packages owning these files (by their path or their real path); files no package owns are skipped. */
function owningPackages(paths: readonly string[]): string[] {
  const candidates = [...new Set(paths.flatMap((path) => [path, safeRealpath(path)]))];
  if (candidates.length === 0) return [];
  const result = spawnSync('dpkg-query', ['-S', ...candidates], { encoding: 'utf8' });
  if (result.error) return []; // Not a Debian host: programs and libraries only.
  const packages = new Set<string>();
  for (const line of result.stdout.split('\n')) {
    const match = /^([^:]+(?::[^:\s]+)?(?:, [^:]+)*): \//.exec(line);
    if (!match) continue;
    for (const name of match[1]!.split(', ')) packages.add(name.replace(/:.*$/, ''));
  }
  return [...packages].sort();
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

interface PackageInfo {
  essential: boolean;
  /** The installed package of each dependency (the first installed alternative). */
  depends: string[];
}

const packageInfoCache = new Map<string, PackageInfo | undefined>();

function packageInfo(name: string): PackageInfo | undefined {
  if (packageInfoCache.has(name)) return packageInfoCache.get(name);
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}\\t${Essential}\\t${Pre-Depends}, ${Depends}', name], { encoding: 'utf8' });
  let info: PackageInfo | undefined;
  const [status, essential, relations] = (result.stdout ?? '').split('\t');
  if (result.status === 0 && status?.endsWith(' installed')) {
    const depends = (relations ?? '')
      .split(',')
      .map((relation) => relation.trim())
      .filter(Boolean)
      .map((relation) => relation.split('|').map((alternative) => alternative.trim().split(/[\s(]/)[0]!.replace(/:.*$/, '')))
      .map((alternatives) => alternatives.find(isInstalled) ?? alternatives[0]!)
      .filter((dependency) => isInstalled(dependency));
    info = { essential: essential === 'yes', depends };
  }
  packageInfoCache.set(name, info);
  return info;
}

function isInstalled(name: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && (result.stdout ?? '').endsWith(' installed');
}
