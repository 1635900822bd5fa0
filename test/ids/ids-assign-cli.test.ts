import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/build/manifest.ts';
import { readManifest } from '../../src/build/manifest.ts';
import { repoRoot, runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

function copyExample(): string {
  const dir = tempDir();
  cpSync(join(repoRoot, 'examples/webapps'), dir, { recursive: true });
  return dir;
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { ids: Record<string, Record<string, number>>; lastAssignments: Record<string, number> };

// The assignments the examples were first written with, by hand, before procform had `ids assign`.
const handWritten = {
  'ids.json': {
    formatVersion: 1,
    ids: { webappPorts: { webapp: 5000 }, nginxPorts: { nginx: 8080 }, uids: { nginx: 2001, webapp: 2000 }, gids: { nginx: 2001, webapp: 2000 } },
    lastAssignments: { webappPorts: 5000, nginxPorts: 8080, uids: 2001, gids: 2001 },
  },
  'processes-advanced.ids.json': {
    formatVersion: 1,
    ids: {
      webappPorts: { webapp1: 5000, webapp2: 5001, webapp3: 5002, webapp4: 5003, webapp5: 5004, webapp6: 5005 },
      nginxPorts: { nginx: 8080, nginx2: 8081 },
      uids: { nginx: 2004, nginx2: 2007, webapp1: 2000, webapp2: 2001, webapp3: 2002, webapp4: 2003, webapp5: 2005, webapp6: 2006 },
      gids: { nginx: 2004, nginx2: 2007, webapp1: 2000, webapp2: 2001, webapp3: 2002, webapp4: 2003, webapp5: 2005, webapp6: 2006 },
    },
    lastAssignments: { webappPorts: 5005, nginxPorts: 8081, uids: 2007, gids: 2007 },
  },
};

describe('procform ids assign', () => {
  it('keeps the examples\' IDs exactly: the committed files are what the tool writes, with the hand-written assignments', async () => {
    const dir = copyExample();
    for (const [model, idsFile] of [['processes.ts', 'ids.json'], ['processes-advanced.ts', 'processes-advanced.ids.json']] as const) {
      const committed = readFileSync(join(dir, idsFile), 'utf8');
      const result = await runCli(['ids', 'assign', join(dir, model)]);
      expect(result).toEqual({ code: 0, stdout: `wrote ${join(dir, idsFile)}\n`, stderr: '' });
      expect(readFileSync(join(dir, idsFile), 'utf8')).toBe(committed);
      expect(read(join(dir, idsFile))).toEqual(handWritten[idsFile]);
    }
  });

  it('assigns from scratch to a model whose ports are still 0, giving the examples\' ports and upstream\'s account order', async () => {
    const dir = copyExample();
    rmSync(join(dir, 'ids.json'));
    rmSync(join(dir, 'processes-advanced.ids.json'));
    // The advanced model first: otherwise it would start from the ids.json written for processes.ts, which it loads too.
    await runCli(['ids', 'assign', 'processes-advanced.ts'], { cwd: dir });
    const advanced = read(join(dir, 'processes-advanced.ids.json'));
    expect(advanced.ids.webappPorts).toEqual(handWritten['processes-advanced.ids.json'].ids.webappPorts);
    expect(advanced.ids.nginxPorts).toEqual(handWritten['processes-advanced.ids.json'].ids.nginxPorts);
    const result = await runCli(['ids', 'assign'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('webappPorts: webapp gets 5000\n');
    const fresh = read(join(dir, 'ids.json'));
    expect(fresh.ids.webappPorts).toEqual(handWritten['ids.json'].ids.webappPorts);
    expect(fresh.ids.nginxPorts).toEqual(handWritten['ids.json'].ids.nginxPorts);
    // Instances in sorted order, as dydisnix: upstream's own webapps ids.nix has nginx 2000, webapp 2001.
    expect(fresh.ids.uids).toEqual({ nginx: 2000, webapp: 2001 });
  });

  it('adding an instance leaves every other instance\'s IDs and store path unchanged', async () => {
    const dir = copyExample();
    const model = join(dir, 'processes-advanced.ts');
    const build = async (out: string): Promise<Manifest> => {
      const result = await runCli(['build', model, '-P', 'none', '--state-dir', join(dir, 'state'), '--out', join(dir, out)]);
      expect(result.stderr).toBe('');
      return readManifest(join(dir, out));
    };
    const before = await build('before');
    writeFileSync(model, readFileSync(model, 'utf8').replace('    nginx2: proxyInstance', "    webapp7: webappInstance('7'),\n    nginx2: proxyInstance"));
    const assigned = await runCli(['ids', 'assign', model]);
    expect(assigned.stdout).toBe(
      ['gids: webapp7 gets 2008', 'uids: webapp7 gets 2008', 'webappPorts: webapp7 gets 5006', `wrote ${join(dir, 'processes-advanced.ids.json')}`, ''].join('\n'),
    );
    const after = await build('after');
    expect(after.instances.webapp7!.spec.ports).toEqual([5006]);
    for (const [instance, { storePath }] of Object.entries(before.instances)) expect(after.instances[instance]!.storePath, instance).toBe(storePath);
  });

  it('names the instance and the missing pool, and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'idresources.json'), '{ "uids": { "min": 2000, "max": 3000 } }');
    writeFileSync(
      join(dir, 'processes.ts'),
      "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ cache: { pkg: createManagedProcess({ process: 'sleep' }), requiresUniqueIdsFor: ['uids', 'redisPorts'] } }));\n",
    );
    const result = await runCli(['ids', 'assign'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: instance "cache": pool "redisPorts": is requested in requiresUniqueIdsFor but is not defined in the ID resources\nhint: /);
    expect(existsSync(join(dir, 'ids.json'))).toBe(false);
  });

  it('writes a model of its own a file of its own, leaving the folder\'s shared ids.json alone; --output - prints it', async () => {
    const dir = copyExample();
    const shared = readFileSync(join(dir, 'ids.json'), 'utf8');
    writeFileSync(
      join(dir, 'other.ts'),
      "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ webapp: { pkg: createManagedProcess({ process: 'sleep' }), requiresUniqueIdsFor: ['webappPorts'] } }));\n",
    );
    const printed = await runCli(['ids', 'assign', 'other.ts', '--output', '-'], { cwd: dir });
    expect(JSON.parse(printed.stdout)).toEqual({ ids: { gids: {}, nginxPorts: {}, uids: {}, webappPorts: { webapp: 5000 } }, lastAssignments: { gids: 2001, nginxPorts: 8080, uids: 2001, webappPorts: 5000 } });
    expect(printed.stderr).toBe('gids: nginx loses 2001 (instance removed)\ngids: webapp loses 2000 (pool no longer requested)\nnginxPorts: nginx loses 8080 (instance removed)\nuids: nginx loses 2001 (instance removed)\nuids: webapp loses 2000 (pool no longer requested)\n');
    const written = await runCli(['ids', 'assign', 'other.ts'], { cwd: dir });
    expect(written.code).toBe(0);
    expect(read(join(dir, 'other.ids.json')).ids.webappPorts).toEqual({ webapp: 5000 });
    expect(readFileSync(join(dir, 'ids.json'), 'utf8')).toBe(shared);
  });
});
