// Writes a tar file reproducibly: the entries in the order given, every time stamp the same fixed
// instant, owners by number only (no user or group names, which differ between hosts). tar-stream
// writes the headers (a well-kept library: ustar with pax extensions for long names); the sha256 is
// computed while writing, as image manifests name layers and blobs by it.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack as tarPack } from 'tar-stream';

/** Every time stamp in an image: the same instant Nix's dockerTools uses, one second after the epoch. */
export const FIXED_TIME = new Date('1970-01-01T00:00:01Z');

export interface TarEntry {
  /** Relative path, without a leading slash; folders without a trailing one. */
  name: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  content?: { data: Buffer } | { hostPath: string; size: number };
  linkname?: string;
}

export interface WrittenBlob {
  /** `sha256:<hex>`. */
  digest: string;
  size: number;
}

export async function writeTar(entries: Iterable<TarEntry>, file: string): Promise<WrittenBlob> {
  const pack = tarPack();
  const hash = createHash('sha256');
  let size = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  const written = pipeline(pack, counting, createWriteStream(file, { mode: 0o644 }));
  try {
    for (const entry of entries) await addEntry(pack, entry);
    pack.finalize();
  } catch (error) {
    pack.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  }
  await written;
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

function addEntry(pack: ReturnType<typeof tarPack>, entry: TarEntry): Promise<void> {
  const header = {
    name: entry.name,
    type: entry.type,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    uname: '',
    gname: '',
    mtime: FIXED_TIME,
    ...(entry.linkname !== undefined && { linkname: entry.linkname }),
  };
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    const content = entry.content;
    if (content === undefined) {
      pack.entry({ ...header, size: 0 }, done);
    } else if ('data' in content) {
      pack.entry({ ...header, size: content.data.length }, content.data, done);
    } else {
      const sink = pack.entry({ ...header, size: content.size }, done);
      // A host file that changed size since it was listed fails the write, and with it the build.
      sink.on('error', reject);
      const source = createReadStream(content.hostPath);
      source.on('error', (error) => {
        sink.destroy(error);
        reject(error);
      });
      source.pipe(sink as unknown as NodeJS.WritableStream);
    }
  });
}
