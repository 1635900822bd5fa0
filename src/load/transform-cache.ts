// The model's transformed code, cached on disk by what the transform depends on: the source, the
// transform's options and jiti's own version — and the file's path only when the source uses
// `import.meta` (babel writes the path into the code then). jiti's own cache is keyed by the
// file's path as well, so a model copied to a new folder (a new project, the benchmark's fresh
// folders) was transformed again, loading babel (1.5 MB) each time: most of a cold build's time.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';

import type { TransformOptions, TransformResult } from 'jiti';

type Transform = (options: TransformOptions) => TransformResult;

/** A jiti `transform` that reads and fills a content-keyed cache in `dir`, and loads babel only on a miss. */
export function cachedTransform(dir: string): Transform {
  const require = createRequire(import.meta.url);
  const jitiLib = dirname(require.resolve('jiti'));
  const { version } = require(join(jitiLib, '../package.json')) as { version: string };
  let babel: Transform | undefined;
  return (options) => {
    const { filename = '', ...rest } = options;
    const where = options.source.includes('import.meta') ? filename : extname(filename);
    const key = createHash('sha256').update(JSON.stringify([version, where, rest])).digest('base64url');
    const file = join(dir, `${key}.js`);
    try {
      return { code: readFileSync(file, 'utf8') };
    } catch {
      // Not cached yet.
    }
    babel ??= require(join(jitiLib, '../dist/babel.cjs')) as Transform;
    const result = babel(options);
    if (result.error === undefined) {
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const partial = `${file}.${process.pid}`;
        writeFileSync(partial, result.code, { mode: 0o600 });
        renameSync(partial, file);
      } catch {
        // A cache that cannot be written only makes the next load slower.
      }
    }
    return result;
  };
}
