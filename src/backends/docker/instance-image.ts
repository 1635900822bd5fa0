// The image of one instance, upstream's per-container dockerTools.buildImage, made as procform's
// multi-process images are (src/image): the closure of the programs the instance runs and of those
// its generated files name, procform's runtime commands, a minimal /etc with the instance's account
// as the host has it, one reproducible layer; no base image, no registry. procform's store is not in
// it: the container mounts the host's store read-only (upstream's useHostNixStore), so generated
// configuration stays shared and content-addressed.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestInstance } from '../../build/manifest.ts';
import { addBaseFolders, addSpecPrograms, hostPathsIn, RUNTIME_COMMANDS } from '../../image/build-image.ts';
import { Closure } from '../../image/closure.ts';
import { etcFiles } from '../../image/etc-files.ts';
import { ImageTree } from '../../image/image-tree.ts';
import { writeImageArchive } from '../../image/write-archive.ts';
import { ProcformError } from '../../errors.ts';
import { docker, dockerOrThrow } from './docker-cli.ts';
import type { DockerParams } from './params.ts';

/** The label on every image the docker backend made, so that `down` may remove it. */
export const MADE_BY_LABEL = 'org.procform.made-by';

/** Builds and loads the image unless the docker host has it already (the same store entry made it). */
export async function ensureInstanceImage(entry: ManifestInstance, params: DockerParams, image: string, storeDir: string): Promise<void> {
  if ((await docker(['image', 'inspect', '--format', '{{.Id}}', image])).code === 0) return;
  const tree = new ImageTree();
  const closure = new Closure(tree);
  addSpecPrograms(closure, entry.spec, storeDir);
  for (const program of params.programs) closure.addProgram(program, `instance "${entry.instance}"`);
  for (const path of hostPathsIn(await storeTexts([entry.storePath, ...params.command.filter((word) => word.startsWith(`${storeDir}/`))], storeDir))) {
    closure.addProgram(path, `a generated file of instance "${entry.instance}"`);
  }
  for (const command of RUNTIME_COMMANDS) closure.addCommand(command, "procform's runtime");
  closure.complete();
  const etc = etcFiles([], { modelAccounts: false, shell: '/usr/sbin/nologin' });
  addHostAccounts(etc, entry, params.user);
  for (const [path, text] of Object.entries(etc)) tree.addFile(path, text, path.endsWith('shadow') ? 0o640 : 0o644);
  if (existsSync('/etc/ld.so.cache')) tree.addHostPath('/etc/ld.so.cache');
  addBaseFolders(tree);

  const [name, tag] = splitReference(image);
  // A file, not a folder: interrupted while writing, writeImageArchive removes its temporaries and nothing is left.
  const out = join(tmpdir(), `procform-docker-image-${randomBytes(6).toString('hex')}.tar`);
  try {
    await writeImageArchive(tree, {
      name,
      tag,
      format: 'docker-archive',
      out,
      config: { Entrypoint: [], Env: [`PATH=${params.environment.PATH}`], WorkingDir: '/', StopSignal: params.stopSignal, Labels: { [MADE_BY_LABEL]: 'procform docker backend' } },
    });
    await dockerOrThrow(['load', '--quiet'], `instance "${entry.instance}": loading its image ${image}`, { input: createReadStream(out) });
  } finally {
    await rm(out, { force: true });
  }
}

/** The text of every file of these store entries and of the store entries they name, transitively. */
async function storeTexts(roots: readonly string[], storeDir: string): Promise<string[]> {
  const texts: string[] = [];
  const seen = new Set<string>();
  const queue = roots.map((path) => entryOf(path, storeDir));
  const storePath = new RegExp(`${storeDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^/\\s'"]+`, 'g');
  while (queue.length > 0) {
    const entry = queue.shift()!;
    if (seen.has(entry)) continue;
    seen.add(entry);
    for (const file of await filesIn(entry)) {
      const text = await readFile(file, 'utf8').catch(() => '');
      texts.push(text);
      for (const match of text.matchAll(storePath)) queue.push(match[0]);
    }
  }
  return texts;
}

function entryOf(path: string, storeDir: string): string {
  return join(storeDir, path.slice(storeDir.length + 1).split('/')[0]!);
}

async function filesIn(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (info === null) return [];
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries.filter((each) => each.isFile()).map((each) => join(each.parentPath, each.name));
}

/**
 * The passwd and group lines, as the host has them (so that IDs match the volumes' owners), of the
 * user the instance runs as (which must exist) and of the accounts its credentials declare (which
 * its `initialize` may chown to; those the switch did not create, when user change is disabled, are left out).
 */
function addHostAccounts(etc: Record<string, string>, entry: ManifestInstance, user: string | null): void {
  const lookup = (database: string, key: string) => {
    try {
      return execFileSync('getent', [database, key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  if (user !== null && lookup('passwd', user) === null) {
    throw new ProcformError(`instance "${entry.instance}" runs as "${user}", an account this machine does not have`, {
      hint: "Declare it in the model's credentials (the switch creates it), or create it, then switch again.",
    });
  }
  const users = [...new Set([...(user === null ? [] : [user]), ...Object.keys(entry.spec.credentials.users)])];
  const passwd = users.map((name) => lookup('passwd', name)).filter((line): line is string => line !== null);
  const gids = new Set(passwd.map((line) => line.split(':')[3]!));
  const groups = new Map<string, string>();
  for (const name of [...gids, ...Object.keys(entry.spec.credentials.groups)]) {
    const line = lookup('group', name);
    if (line !== null) groups.set(line.split(':')[2]!, line);
  }
  // Supplementary groups of the users (setpriv --init-groups reads them).
  for (const line of execFileSync('getent', ['group'], { encoding: 'utf8' }).split('\n')) {
    const fields = line.split(':');
    if ((fields[3] ?? '').split(',').some((member) => users.includes(member))) groups.set(fields[2]!, line);
  }
  const taken = (text: string, id: string) => text.split('\n').some((line) => line.split(':')[2] === id);
  etc['/etc/passwd'] += passwd.filter((line) => !taken(etc['/etc/passwd']!, line.split(':')[2]!)).map((line) => `${line}\n`).join('');
  etc['/etc/group'] += [...groups.values()].filter((line) => !taken(etc['/etc/group']!, line.split(':')[2]!)).map((line) => `${line}\n`).join('');
}

function splitReference(image: string): [string, string] {
  const colon = image.lastIndexOf(':');
  return [image.slice(0, colon), image.slice(colon + 1)];
}
