import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/load/load-model.ts';
import type { ProcessContext } from '../../src/model/types.ts';
import { tempDir } from '../support/temp-dir.ts';

const savedCacheHome = process.env.XDG_CACHE_HOME;
afterEach(() => {
  if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCacheHome;
});

/** A fresh cache folder for the transformed code, and what it holds. */
function freshCache(): () => string[] {
  const home = tempDir();
  process.env.XDG_CACHE_HOME = home;
  return () => {
    try {
      return readdirSync(join(home, 'procform', 'transformed')).sort();
    } catch {
      return [];
    }
  };
}

function writeModel(text: string): string {
  const dir = join(tempDir(), 'project');
  mkdirSync(dir);
  writeFileSync(join(dir, 'processes.ts'), text);
  return join(dir, 'processes.ts');
}

const evaluate = async (file: string) => (await loadModel(file))({} as ProcessContext);

describe('the transformed model code is cached by content (transform-cache.ts)', () => {
  it('the same model in another folder is not transformed again', async () => {
    const cached = freshCache();
    const text = "import { createManagedProcess, defineProcesses } from 'procform';\nconst port: number = 8080;\nexport default defineProcesses(() => ({ web: { port, pkg: createManagedProcess({ process: 'sleep', args: [port] }) } }));\n";
    const first = writeModel(text);
    expect(Object.keys(await evaluate(first))).toEqual(['web']);
    const afterFirst = cached();
    expect(afterFirst.length).toBeGreaterThan(0);
    const copy = writeModel(text);
    expect((await evaluate(copy)).web!.port).toBe(8080);
    expect(cached()).toEqual(afterFirst);
    // Another content is another entry.
    writeFileSync(copy, text.replace('8080', '8081'));
    expect((await evaluate(copy)).web!.port).toBe(8081);
    expect(cached().length).toBe(afterFirst.length + 1);
  });

  it('a model that uses import.meta is cached per file: each copy sees its own URL', async () => {
    freshCache();
    const text = "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ web: { pkg: createManagedProcess({ process: 'sleep', description: import.meta.url }) } }));\n";
    const first = writeModel(text);
    const copy = writeModel(text);
    expect((await evaluate(first)).web!.pkg.description).toBe(pathToFileURL(first).href);
    expect((await evaluate(copy)).web!.pkg.description).toBe(pathToFileURL(copy).href);
  });
});
