// `procform image build`: a multi-process container image of a processes model, made from the
// build host's files without a daemon, a base image or root. Immutable images hold the built
// profile and deploy it when the container starts (upstream's createMultiProcessImage); mutable ones
// hold the model and procform, and build their first generation when the container first starts
// (createMutableMultiProcessImage). Either way the entry point is `procform image entrypoint`
// under tini: it deploys through the manager's driver, exactly as `procform switch` would, and
// stops every instance in reverse dependency order when the container is stopped.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { prepareProfile } from '../build/build-profile.ts';
import type { ProcessSpec } from '../model/types.ts';
import { findIdsFile } from '../load/ids-file.ts';
import { procformHome, resolveDeploymentDirs } from '../model/deployment-dirs.ts';
import { packageRoot } from '../package-root.ts';
import type { FileNode } from '../store/store-entry.ts';
import { Closure } from './closure.ts';
import { fileDigest, fileInRoot } from './debian-base.ts';
import { etcFiles } from './etc-files.ts';
import { imageManager } from './image-managers.ts';
import { IMAGE_PROCFORM_DIR, imageTarget } from './image-target.ts';
import { ImageTree } from './image-tree.ts';
import type { ContainerConfig, ImageFormat, WrittenImage } from './write-archive.ts';
import { writeImageArchive } from './write-archive.ts';

export interface ImageBuildOptions {
  modelFile: string;
  processManager: string;
  mutable: boolean;
  /** No accounts: nothing changes user (forceDisableUserChange), as upstream's unprivileged images. */
  unprivileged: boolean;
  /** A shell and basic tools for `docker exec` (default: only for mutable images). */
  interactive: boolean;
  name: string;
  tag: string;
  format: ImageFormat;
  out: string;
  extraParams?: Record<string, unknown>;
  idsFile?: string;
  idResourcesFile?: string;
  /** A Debian root's tar (--base debian): the image's lower layer, procform's layer on top. */
  baseTar?: string;
}

export interface BuiltImage extends WrittenImage {
  /** The profile the image deploys (immutable), or the one its first start will build (mutable). */
  profilePath: string;
  files: number;
}

/** The deployment's folders inside every image: upstream's privileged defaults (root's in a container), whatever this host's PROCFORM_* say. */
export const IMAGE_DIRS = resolveDeploymentDirs({}, {}, true);
export const IMAGE_STORE_DIR = procformHome(IMAGE_DIRS, {}).storeDir;
/** Where a mutable image keeps the model it deploys, as upstream's /etc/nixproc/processes.nix. */
export const IMAGE_MODEL_DIR = '/etc/procform';

// What procform's runtime and the scripts it generates run by name (the shell for `initialize`,
// getent for accounts, the tools services' initialize scripts use to prepare state folders): a
// shell script's closure cannot be read from it, so every image has these (the docker backend's
// per-instance images too).
export const RUNTIME_COMMANDS = ['sh', 'env', 'getent', 'setpriv', 'nice', 'mkdir', 'chown', 'chmod', 'rm', 'cat', 'kill', 'sleep', 'ln', 'mv', 'cp', 'touch', 'id'];
// A mutable image creates the accounts of an edited model when it switches.
const accountCommands = ['useradd', 'groupadd', 'userdel', 'groupdel'];

// The tools --interactive adds (upstream's interactive step: bash, coreutils, findutils, grep, sed,
// less, procps, util-linux): enough to look around, edit a model with sed and watch processes.
const interactiveCommands = ['bash', 'ls', 'echo', 'grep', 'sed', 'find', 'less', 'ps', 'head', 'tail', 'wc', 'sort', 'diff', 'vi'];
const searchPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export async function buildImage(options: ImageBuildOptions): Promise<BuiltImage> {
  const manager = imageManager(options.processManager);
  // The profile is computed in memory, for the image's own folders: nothing is written on the host.
  const prepared = await prepareProfile({
    modelFile: options.modelFile,
    processManager: manager.name,
    dirs: { ...IMAGE_DIRS, forceDisableUserChange: options.unprivileged },
    forceDisableUserChange: options.unprivileged,
    storeDir: IMAGE_STORE_DIR,
    target: imageTarget(),
    ...(options.extraParams && { extraParams: options.extraParams }),
    ...(options.idsFile && { idsFile: options.idsFile }),
  });
  const tree = new ImageTree();
  const closure = new Closure(tree);

  for (const spec of prepared.evaluated.specs) addSpecPrograms(closure, spec);
  const storeTexts: string[] = [];
  if (!options.mutable) {
    for (const [path, entry] of prepared.evaluated.store.entries()) {
      if (entry.content.kind === 'directory') {
        tree.addDirectory(path, 0o755);
        for (const [relative, node] of Object.entries(entry.content.entries)) addStoreNode(tree, join(path, relative), node, storeTexts);
      } else {
        addStoreNode(tree, path, entry.content, storeTexts);
      }
    }
  } else {
    for (const [, entry] of prepared.evaluated.store.entries()) collectTexts(entry.content, storeTexts);
  }
  // Like Nix's reference scan: absolute paths of host programs and files the generated files name.
  for (const path of hostPathsIn(storeTexts)) closure.addProgram(path, 'a generated file');
  for (const program of manager.programs) closure.addProgram(program.path, `the process manager ${manager.name}`, { install: `apt-get install ${program.package}`, withPackageData: true });
  for (const command of manager.commands) closure.addCommand(command, `the process manager ${manager.name}`);
  for (const command of RUNTIME_COMMANDS) closure.addCommand(command, 'procform\'s runtime');
  // By that path, whatever the model's files name: the builtin supervisor's launcher and the guardian.
  closure.addProgram('/bin/sh', 'procform\'s runtime');
  if (options.mutable && !options.unprivileged) {
    for (const command of accountCommands) closure.addCommand(command, 'creating accounts in a mutable image', 'apt-get install passwd');
    tree.addHostPath('/etc/login.defs');
  }
  const interactive = options.interactive;
  if (interactive) for (const command of interactiveCommands) tryCommand(closure, command);
  const shell = interactive ? '/bin/bash' : '/usr/sbin/nologin';

  // PID 1: tini reaps orphans and passes signals on to procform's entry point.
  const tini = closure.addCommand('tini-static', 'the image\'s PID 1 (it reaps orphaned processes)', 'apt-get install tini');
  const node = process.execPath;
  addProcform(tree);
  closure.complete();
  addNode(tree, node);

  const base = options.baseTar === undefined ? undefined : { passwd: fileInRoot(options.baseTar, 'etc/passwd') ?? '', group: fileInRoot(options.baseTar, 'etc/group') ?? '' };
  for (const [path, text] of Object.entries(etcFiles(prepared.evaluated.specs, { modelAccounts: !options.unprivileged, shell, ...(base && { base }) }))) {
    tree.addFile(path, text, path.endsWith('shadow') ? 0o640 : 0o644);
  }
  if (existsSync('/etc/ld.so.cache')) tree.addHostPath('/etc/ld.so.cache');
  addBaseFolders(tree);
  const cli = join(IMAGE_PROCFORM_DIR, 'dist', 'src', 'cli', 'main.js');
  // `docker exec C procform …`: the same Node and procform as the entry point.
  tree.addFile('/usr/local/bin/procform', `#!/bin/sh\nexec ${node} ${cli} "$@"\n`, 0o755);

  const env = [`PATH=${searchPath}`, `PROCFORM_PROCESS_MANAGER=${manager.name}`];
  if (options.unprivileged) env.push('PROCFORM_FORCE_DISABLE_USER_CHANGE=1');
  let cmd: string[] = [prepared.path];
  if (options.mutable) {
    addMutableModel(tree, options);
    env.push(`PROCFORM_PROCESSES=${IMAGE_MODEL_DIR}/processes.ts`);
    cmd = [];
  }
  const config: ContainerConfig = {
    Entrypoint: [tini, '--', node, cli, 'image', 'entrypoint'],
    ...(cmd.length > 0 && { Cmd: cmd }),
    Env: env,
    WorkingDir: '/',
    StopSignal: 'SIGTERM',
    Labels: { 'org.procform.process-manager': manager.name, 'org.procform.mutable': String(options.mutable), 'org.procform.base': options.baseTar === undefined ? 'none' : 'debian' },
  };
  const baseLayers = options.baseTar === undefined ? [] : [{ ...(await fileDigest(options.baseTar)), file: options.baseTar, createdBy: 'mmdebstrap --variant=minbase (procform image build --base debian)' }];
  const written = await writeImageArchive(tree, { name: options.name, tag: options.tag, format: options.format, config, out: options.out, baseLayers });
  return { ...written, profilePath: prepared.path, files: tree.entries().length };
}

/** The programs an instance runs (and its `exec` readiness check), with their packages' data; generated files in `storeDir` are not programs to copy. */
export function addSpecPrograms(closure: Closure, spec: ProcessSpec, storeDir = IMAGE_STORE_DIR): void {
  const why = `instance "${spec.instance}"`;
  const programs = [spec.foreground?.executable, spec.daemon?.executable, spec.readiness?.kind === 'exec' ? spec.readiness.command[0] : undefined];
  // Store paths are generated files, copied with the store; their own references are scanned.
  for (const program of programs) {
    if (program?.startsWith('/') && !program.startsWith(`${storeDir}/`)) closure.addProgram(program, why, { withPackageData: program !== process.execPath });
  }
}

function addStoreNode(tree: ImageTree, path: string, node: FileNode, texts: string[]): void {
  if (node.kind === 'symlink') {
    tree.addSymlink(path, node.target);
    return;
  }
  texts.push(node.text);
  const readers = node.private ? 0o400 : 0o444;
  tree.addFile(path, node.text, node.executable ? readers | (readers >> 2) : readers);
}

function collectTexts(content: FileNode | { kind: 'directory'; entries: Record<string, FileNode> }, texts: string[]): void {
  if (content.kind === 'directory') for (const node of Object.values(content.entries)) collectTexts(node, texts);
  else if (content.kind === 'file') texts.push(content.text);
}

/** Absolute paths of regular files on the host under the system's program and library folders. */
export function hostPathsIn(texts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/(?<![\w./-])\/(?:usr|bin|sbin|lib|lib64|opt)\/[\w.+@-]+(?:\/[\w.+@-]+)*/g)) found.add(match[0]);
  }
  return [...found].filter((path) => !path.startsWith(`${IMAGE_PROCFORM_DIR}/`) && isExecutableFile(path)).sort();
}

function isExecutableFile(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function tryCommand(closure: Closure, command: string): void {
  try {
    closure.addCommand(command, '--interactive');
  } catch {
    // A tool the build host lacks is left out of the interactive set.
  }
}

/** procform's built code and its production dependencies, at IMAGE_PROCFORM_DIR (what the image target names). */
function addProcform(tree: ImageTree): void {
  const root = packageRoot();
  for (const path of [join(root, 'package.json'), join(root, 'dist'), ...productionDependencies(root)]) {
    tree.addHostCopy(path, join(IMAGE_PROCFORM_DIR, relative(root, path)));
  }
}

function productionDependencies(root: string): string[] {
  const folders = new Set<string>();
  const queue = Object.keys(readPackage(root).dependencies ?? {});
  while (queue.length > 0) {
    const name = queue.shift()!;
    const folder = join(root, 'node_modules', name);
    if (folders.has(folder) || !existsSync(folder)) continue;
    folders.add(folder);
    const manifest = readPackage(folder);
    queue.push(...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {}));
  }
  return [...folders].sort();
}

function readPackage(folder: string): { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
}

/** Node itself, with its libraries (ldd); never its package's npm and headers. */
function addNode(tree: ImageTree, node: string): void {
  const closure = new Closure(tree, { packageData: false });
  closure.addProgram(node, 'procform');
  closure.complete();
}

/** The folders every image has: /proc, /tmp (sticky), /var/…, and /var/run linked to /run. */
export function addBaseFolders(tree: ImageTree): void {
  for (const folder of ['/proc', '/sys', '/dev', '/root', '/run', '/var/log', '/var/lib', '/var/cache', '/var/spool', '/var/lock']) {
    if (!tree.has(folder)) tree.addDirectory(folder, folder === '/root' ? 0o700 : 0o755);
  }
  tree.addDirectory('/tmp', 0o1777);
  tree.addDirectory('/var/tmp', 0o1777);
  // Upstream's images link /var/run to /run, as Debian does.
  if (!tree.has('/var/run')) tree.addSymlink('/var/run', '/run');
}

/** The model, and the IDs and ID pools beside it, at /etc/procform: what the first start deploys and the user edits. */
function addMutableModel(tree: ImageTree, options: ImageBuildOptions): void {
  tree.addFile(`${IMAGE_MODEL_DIR}/processes.ts`, readFileSync(options.modelFile), 0o644);
  // Beside processes.ts, the IDs file is ids.json whatever it was called on the build host.
  const idsFile = findIdsFile(options.modelFile, options.idsFile);
  if (idsFile !== undefined) tree.addFile(`${IMAGE_MODEL_DIR}/ids.json`, readFileSync(idsFile), 0o644);
  const folder = dirname(options.modelFile);
  const idResources = options.idResourcesFile ?? readdirSync(folder).find((name) => /^idresources\.(ts|js|json)$/.test(name));
  if (idResources !== undefined) tree.addFile(`${IMAGE_MODEL_DIR}/${basename(idResources)}`, readFileSync(resolve(folder, idResources)), 0o644);
}
