// What the s6-rc backend generates, read by s6-rc itself: the profile's definitions compile with
// s6-rc-compile, and s6-rc-db reports the types, pipelines, dependencies and the default bundle
// procform meant. Names s6-rc reserves are refused at build time.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliIn } from '../../support/cli.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { copyWebapps } from '../../support/webapps.ts';

function s6rcDb(compiled: string, ...args: string[]): string[] {
  const result = spawnSync('s6-rc-db', ['-c', compiled, ...args], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter(Boolean).sort();
}

async function compiledProfile(dir: string, model: string, extra: string[] = []): Promise<string> {
  const built = await runCliIn(join(dir, 'state'), ['build', '-P', 's6-rc', '--force-disable-user-change', ...extra, model]);
  expect(built.code, built.stderr).toBe(0);
  const compiled = join(dir, `compiled-${readdirSync(dir).length}`);
  const result = spawnSync('s6-rc-compile', [compiled, join(built.stdout.trim(), 'etc/s6/sv')], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return compiled;
}

describe('s6-rc definitions', () => {
  it('compile with s6-rc-compile: longrun pipelines for foreground processes, oneshots for daemons, dependencies, a default bundle', async () => {
    const dir = tempDir();
    const { advanced } = await copyWebapps(join(dir, 'model'));
    const foreground = await compiledProfile(dir, advanced);
    expect(s6rcDb(foreground, 'type', 'webapp1')).toEqual(['bundle']);
    expect(s6rcDb(foreground, 'contents', 'webapp1')).toEqual(['webapp1-log', 'webapp1-srv']);
    expect(s6rcDb(foreground, 'type', 'webapp1-srv')).toEqual(['longrun']);
    expect(s6rcDb(foreground, 'pipeline', 'webapp1-srv')).toEqual(['webapp1-srv | webapp1-log']);
    // nginx2 routes to webapp5 and webapp6: it starts after both pipelines.
    expect(s6rcDb(foreground, 'dependencies', 'nginx2-srv')).toEqual(expect.arrayContaining(['webapp5-log', 'webapp5-srv', 'webapp6-log', 'webapp6-srv']));
    expect(s6rcDb(foreground, 'contents', 'default')).toEqual(
      ['nginx', 'nginx2', 'webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp5', 'webapp6'].flatMap((name) => [`${name}-log`, `${name}-srv`]).sort(),
    );

    const daemons = await compiledProfile(dir, advanced, ['--extra-params', '{"webappMode":"daemon"}']);
    expect(s6rcDb(daemons, 'type', 'webapp1')).toEqual(['oneshot']);
    expect(s6rcDb(daemons, 'dependencies', 'nginx-srv')).toEqual(expect.arrayContaining(['webapp1', 'webapp2', 'webapp3', 'webapp4']));
  });

  it('refuses names s6-rc reserves, naming the instance and what to do, and builds nothing', async () => {
    const dir = tempDir();
    const model = join(dir, 'processes.ts');
    writeFileSync(
      model,
      "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ main: { pkg: createManagedProcess({ name: 'default', process: '/bin/sleep', args: ['1000'] }) } }));\n",
    );
    const state = join(dir, 'state');
    const result = await runCliIn(state, ['build', '-P', 's6-rc', model]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/main.*pkg\.name.*cannot be an s6-rc service name: "default" is the bundle of every instance/s);
    expect(result.stderr).toContain('Give the process another name.');
    expect(readdirSync(dir)).not.toContain('state');
  });
});
