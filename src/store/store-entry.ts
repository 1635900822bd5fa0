// A store entry is a file or a folder tree, addressed by the hash of its name and content, like a
// path in the Nix store. Store paths embedded in the content (references) are part of the content,
// so an entry's path changes exactly when it, or something it embeds, changes.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** `private`: readable only by the store's owner (it may hold secrets: an environment, a password). */
export type FileNode = { kind: 'file'; text: string; executable: boolean; private?: boolean } | { kind: 'symlink'; target: string };

export type StoreContent = FileNode | { kind: 'directory'; entries: Record<string, FileNode> };

export interface StoreEntry {
  name: string;
  content: StoreContent;
}

// Nix's base32 alphabet (no e, o, u, t), so hashes read like store paths people know.
const alphabet = '0123456789abcdfghijklmnpqrsvwxyz';

export function storeHash(entry: StoreEntry): string {
  const digest = createHash('sha256').update(serialize(entry)).digest().subarray(0, 20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export function storePath(storeDir: string, entry: StoreEntry): string {
  return join(storeDir, `${storeHash(entry)}-${entry.name}`);
}

/** Store names are file names people read: letters, digits and a few separators. */
export function isValidStoreName(name: string): boolean {
  return /^[A-Za-z0-9+_?=][A-Za-z0-9+._?=-]*$/.test(name) && name.length <= 200;
}

function serialize(entry: StoreEntry): string {
  const parts = ['procform-store-1', entry.name];
  const nodes: [string, FileNode][] =
    entry.content.kind === 'directory'
      ? Object.entries(entry.content.entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      : [['', entry.content]];
  for (const [path, node] of nodes) {
    const data = node.kind === 'file' ? node.text : node.target;
    // The mode is part of the content: an entry with other permissions is another entry.
    const kind = node.kind === 'file' ? `${node.private ? 'private-' : ''}${node.executable ? 'executable' : 'file'}` : node.kind;
    parts.push(path, kind, String(Buffer.byteLength(data)), data);
  }
  return parts.join('\0');
}
