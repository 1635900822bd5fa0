import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under a folder, with its content (or link target) and mode: what "byte-identical" compares. */
export function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string) => {
    const path = join(root, relative);
    const info = statSync(path, { throwIfNoEntry: false });
    const link = (() => {
      try {
        return readlinkSync(path);
      } catch {
        return undefined;
      }
    })();
    if (link !== undefined) files[relative] = `-> ${link}`;
    else if (info?.isDirectory()) for (const entry of readdirSync(path).sort()) walk(relative ? `${relative}/${entry}` : entry);
    else files[relative] = `${(info!.mode & 0o777).toString(8)} ${readFileSync(path, 'utf8')}`;
  };
  walk('');
  return files;
}
