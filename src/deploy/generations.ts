// Generations, as Nix profiles keep them: <profilesDir>/<profile>-<N>-link points at a profile in
// the store, and <profilesDir>/<profile> points at the current generation's link. Every change of
// the current pointer is a rename, so a crash leaves either the old or the new generation current.
import { lstat, mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ProcformError } from '../errors.ts';

export interface Generation {
  number: number;
  /** The profile's store path. */
  path: string;
  /** When it was made (the link's time). */
  createdAt: Date;
  current: boolean;
}

export interface Profiles {
  dir: string;
  /** Profile name: several deployments can share a state folder under different names. */
  name: string;
}

export async function listGenerations({ dir, name }: Profiles): Promise<Generation[]> {
  // Only a missing folder means no generations (an unreadable one is an error, not "nothing deployed").
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const pattern = new RegExp(`^${escape(name)}-(\\d+)-link$`);
  const current = await currentLinkName({ dir, name });
  const generations: Generation[] = [];
  for (const entry of entries) {
    const match = pattern.exec(entry);
    if (!match) continue;
    const link = join(dir, entry);
    generations.push({
      number: Number(match[1]),
      path: await readlink(link),
      createdAt: (await lstat(link)).mtime,
      current: entry === current,
    });
  }
  return generations.sort((a, b) => a.number - b.number);
}

export async function currentGeneration(profiles: Profiles): Promise<Generation | undefined> {
  return (await listGenerations(profiles)).find((generation) => generation.current);
}

/**
 * The profile names of a profiles folder: each with a current generation (<name> links to
 * <name>-<N>-link) or an unfinished switch (<name>.switching).
 */
export async function profileNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const names = new Set<string>();
  for (const entry of entries) {
    if (entry.endsWith('.switching')) names.add(entry.slice(0, -'.switching'.length));
    else if (new RegExp(`^${escape(entry)}-\\d+-link$`).test(await readlink(join(dir, entry)).catch(() => ''))) names.add(entry);
  }
  return [...names].sort();
}

/** Records `profilePath` as a new generation and makes it current. */
export async function addGeneration(profiles: Profiles, profilePath: string): Promise<Generation> {
  await mkdir(profiles.dir, { recursive: true });
  const generations = await listGenerations(profiles);
  const number = (generations.at(-1)?.number ?? 0) + 1;
  await replaceLink(join(profiles.dir, `${profiles.name}-${number}-link`), profilePath);
  await setCurrent(profiles, number);
  return { number, path: profilePath, createdAt: new Date(), current: true };
}

/** Makes an existing generation current (rollback, or switching to a given generation). */
export async function setCurrent(profiles: Profiles, number: number): Promise<void> {
  await replaceLink(join(profiles.dir, profiles.name), `${profiles.name}-${number}-link`);
}

/** Deletes generations, never the current one. */
export async function deleteGenerations(profiles: Profiles, numbers: readonly number[]): Promise<number[]> {
  const generations = await listGenerations(profiles);
  const deleted: number[] = [];
  for (const number of numbers) {
    const generation = generations.find((candidate) => candidate.number === number);
    if (!generation) throw new ProcformError(`generation ${number} does not exist`, { hint: 'See `procform generations`.' });
    if (generation.current) throw new ProcformError(`generation ${number} is the current one and cannot be deleted`);
    await rm(join(profiles.dir, `${profiles.name}-${number}-link`));
    deleted.push(number);
  }
  return deleted;
}

async function currentLinkName(profiles: Profiles): Promise<string | undefined> {
  return readlink(join(profiles.dir, profiles.name)).then(
    (target) => basename(target),
    () => undefined,
  );
}

async function replaceLink(link: string, target: string): Promise<void> {
  const temporary = `${link}.tmp-${process.pid}`;
  await rm(temporary, { force: true });
  await symlink(target, temporary);
  await rename(temporary, link);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
