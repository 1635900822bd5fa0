// The file system of an image, as plain data before any byte is written: every path with its kind,
// mode and owner, its content either bytes made by procform or a file of the build host (read when
// the layer is written). Paths are absolute and normalized; a path is added once.
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, resolve } from 'node:path';

export type ImageNode =
  | { kind: 'directory'; mode: number; uid: number; gid: number }
  | { kind: 'file'; mode: number; uid: number; gid: number; content: { data: Buffer } | { hostPath: string; size: number } }
  | { kind: 'symlink'; target: string };

export interface Owner {
  uid?: number;
  gid?: number;
}

export class ImageTree {
  readonly #nodes = new Map<string, ImageNode>();

  /** Every path and its node, parents before children, siblings in byte order: the layer's order. */
  entries(): [string, ImageNode][] {
    return [...this.#nodes.entries()].sort(([a], [b]) => comparePaths(a, b));
  }

  has(path: string): boolean {
    return this.#nodes.has(path);
  }

  get(path: string): ImageNode | undefined {
    return this.#nodes.get(path);
  }

  /** A folder (and its parents, 0755 root's), with the given mode; an existing folder keeps its owner unless one is given. */
  addDirectory(path: string, mode = 0o755, owner: Owner = {}): void {
    const normal = normalize(path);
    if (normal === '/') return;
    this.#ensureParents(normal);
    const existing = this.#nodes.get(normal);
    if (existing !== undefined && existing.kind !== 'directory') throw new Error(`image: ${normal} is already a ${existing.kind}`);
    this.#nodes.set(normal, { kind: 'directory', mode, uid: owner.uid ?? 0, gid: owner.gid ?? 0 });
  }

  /** A file procform writes. Replacing one made earlier is allowed (the image's /etc/passwd replaces nothing of the host's). */
  addFile(path: string, data: string | Buffer, mode = 0o644, owner: Owner = {}): void {
    const normal = normalize(path);
    this.#ensureParents(normal);
    this.#nodes.set(normal, { kind: 'file', mode, uid: owner.uid ?? 0, gid: owner.gid ?? 0, content: { data: Buffer.from(data) } });
  }

  addSymlink(path: string, target: string): void {
    const normal = normalize(path);
    this.#ensureParents(normal);
    this.#nodes.set(normal, { kind: 'symlink', target });
  }

  /**
   * A file or folder of the build host at the same path in the image. Symbolic links on the way are
   * copied as links and followed, so that /bin/sh on a merged-/usr host gives /bin → usr/bin,
   * /usr/bin/sh → dash and /usr/bin/dash, as the programs expect. Folders are copied whole. Returns
   * the real path it ends at.
   */
  addHostPath(path: string, options: { followFinalLink?: boolean } = {}): string {
    return this.#addHostComponents(normalize(path), 0, options.followFinalLink ?? true);
  }

  /**
   * A folder or file of the build host at another path in the image (procform's package), its
   * content as it is: links inside it are copied as links.
   */
  addHostCopy(hostPath: string, imagePath: string): void {
    const stat = lstatSync(hostPath);
    const target = normalize(imagePath);
    if (stat.isSymbolicLink()) {
      this.addSymlink(target, readlinkSync(hostPath));
    } else if (stat.isDirectory()) {
      this.addDirectory(target, stat.mode & 0o7777);
      for (const name of readdirSorted(hostPath)) this.addHostCopy(join(hostPath, name), join(target, name));
    } else if (stat.isFile()) {
      this.#ensureParents(target);
      this.#nodes.set(target, { kind: 'file', mode: stat.mode & 0o7777, uid: 0, gid: 0, content: { hostPath, size: stat.size } });
    }
  }

  #addHostComponents(path: string, depth: number, followFinalLink = true): string {
    if (depth > 40) throw new Error(`image: too many symbolic links resolving ${path}`);
    const parts = path.split('/').filter(Boolean);
    let current = '/';
    for (let index = 0; index < parts.length; index++) {
      const next = join(current, parts[index]!);
      const stat = lstatSync(next);
      if (stat.isSymbolicLink()) {
        const target = readlinkSync(next);
        if (!this.#nodes.has(next)) this.addSymlink(next, target);
        if (index === parts.length - 1 && !followFinalLink) return next;
        const rest = parts.slice(index + 1).join('/');
        const resolved = normalize(resolve(isAbsolute(target) ? '/' : current, target, rest));
        return this.#addHostComponents(resolved, depth + 1, followFinalLink);
      }
      const last = index === parts.length - 1;
      if (stat.isDirectory()) {
        if (!this.#nodes.has(next)) this.#nodes.set(next, { kind: 'directory', mode: stat.mode & 0o7777, uid: 0, gid: 0 });
        if (last) this.#addHostFolderContent(next, depth);
      } else if (last && stat.isFile()) {
        if (!this.#nodes.has(next)) {
          this.#nodes.set(next, { kind: 'file', mode: stat.mode & 0o7777, uid: 0, gid: 0, content: { hostPath: next, size: stat.size } });
        }
      } else if (last) {
        // Sockets, devices and FIFOs are made at run time, never copied.
        return next;
      } else {
        throw new Error(`image: ${next} is not a folder`);
      }
      current = next;
    }
    return current;
  }

  /** A folder's content as it is: links inside it are copied as links, not followed. */
  #addHostFolderContent(folder: string, depth: number): void {
    for (const name of readdirSorted(folder)) {
      const path = join(folder, name);
      if (this.#nodes.has(path)) continue;
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) this.addSymlink(path, readlinkSync(path));
      else if (stat.isDirectory() || stat.isFile()) this.#addHostComponents(path, depth);
    }
  }

  #ensureParents(path: string): void {
    for (let parent = dirname(path); parent !== '/' && !this.#nodes.has(parent); parent = dirname(parent)) {
      this.#nodes.set(parent, { kind: 'directory', mode: 0o755, uid: 0, gid: 0 });
    }
  }
}

function readdirSorted(folder: string): string[] {
  return readdirSync(folder).sort();
}

function normalize(path: string): string {
  if (!path.startsWith('/')) throw new Error(`image: "${path}" is not an absolute path`);
  const normal = posix.normalize(path);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** Orders paths component by component, so that a folder comes right before its content. */
export function comparePaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return Buffer.compare(Buffer.from(left[index]!), Buffer.from(right[index]!));
  }
  return left.length - right.length;
}
