import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../../src/build/build-profile.ts';
import type { ModelFunction } from '../../../src/load/load-model.ts';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import type { ManagedProcess } from '../../../src/model/types.ts';
import { repoRoot, runCli } from '../../support/cli.ts';
import { expectGolden } from '../../support/golden.ts';
import { tempDir } from '../../support/temp-dir.ts';

const golden = (name: string) => join(repoRoot, 'test/backends/sysvinit/golden', name);

/** Every file of every instance's store entry: text, or the target of a link. */
function describeProfile(profile: string, storeDir: string): { text: string; scripts: string[]; functions: string } {
  const manifest = JSON.parse(readFileSync(join(profile, 'manifest.json'), 'utf8'));
  const parts: string[] = [];
  const scripts: string[] = [];
  for (const instance of manifest.startOrder as string[]) {
    const root = manifest.instances[instance].storePath as string;
    const walk = (relative: string): void => {
      const path = join(root, relative);
      const info = lstatSync(path);
      if (info.isDirectory()) return readdirSync(path).sort().forEach((entry) => walk(relative ? `${relative}/${entry}` : entry));
      if (info.isSymbolicLink()) return void parts.push(`${relative} -> ${readlinkSync(path)}`);
      if (relative.startsWith('etc/rc.d/init.d/')) scripts.push(path);
      parts.push(`==== ${relative} (${(info.mode & 0o777).toString(8)})\n${readFileSync(path, 'utf8')}====`);
    };
    parts.push(`######## instance ${instance}`);
    walk('');
  }
  const functions = readFileSync(scripts[0]!, 'utf8').match(/^\. (\S+)$/m)![1]!;
  return { text: `${parts.join('\n')}\n`.replaceAll(storeDir, '<store>'), scripts, functions };
}

async function buildExample(model: string, options: { extraParams?: Record<string, unknown>; forceDisableUserChange?: boolean } = {}) {
  const storeDir = join(tempDir(), 'store');
  const built = await buildProfile({
    modelFile: join(repoRoot, 'examples/webapps', model),
    processManager: 'sysvinit',
    dirs: { stateDir: '/var' },
    forceDisableUserChange: options.forceDisableUserChange ?? false,
    storeDir,
    ...(options.extraParams && { extraParams: options.extraParams }),
  });
  return describeProfile(built.path, storeDir);
}

async function buildInline(pkg: ManagedProcess, extra: Record<string, { pkg: ManagedProcess }> = {}) {
  const stateDir = join(tempDir(), 'state');
  const model: ModelFunction = () => ({ ...extra, svc: { pkg } });
  const built = await buildProfile({ modelFile: join(stateDir, 'processes.ts'), model, processManager: 'sysvinit', dirs: { stateDir }, forceDisableUserChange: true });
  const file = (relative: string) => readFileSync(join(built.path, relative), 'utf8');
  const links = (level: number) => readdirSync(join(built.path, `etc/rc.d/rc${level}.d`), { withFileTypes: true }).map((entry) => entry.name).sort();
  return { path: built.path, file, links };
}

describe('sysvinit rendering', () => {
  it('renders the webapps example as upstream does: daemons preferred, sequence numbers from dependencies (golden)', async () => {
    const { text, scripts, functions } = await buildExample('processes.ts');
    expectGolden(golden('processes.txt'), text);
    expectGolden(golden('init-functions.sh'), readFileSync(functions, 'utf8'));
    expect(text).toContain('etc/rc.d/rc3.d/S00webapp -> ../init.d/webapp');
    expect(text).toContain('etc/rc.d/rc3.d/S01nginx -> ../init.d/nginx');
    expect(text).toContain('etc/rc.d/rc0.d/K98nginx -> ../init.d/nginx');
    expect(text).toContain('procform-webapp -D'); // automatic mode runs the daemon
    expect(text).toContain('-u webapp'); // privileged: start-stop-daemon --chuid
    for (const file of [...scripts, functions]) execFileSync('sh', ['-n', file]);
  });

  it('daemonizes a foreground-only webapp with procform-daemonize (golden)', async () => {
    const { text, scripts } = await buildExample('processes.ts', { extraParams: { webappMode: 'foreground' } });
    expectGolden(golden('processes-foreground.txt'), text);
    expect(text).toContain('daemonizer/main.js --name webapp');
    expect(text).toContain('--user webapp');
    for (const file of scripts) execFileSync('sh', ['-n', file]);
  });

  it('renders processes-advanced.ts: two nginx instances after their webapps (golden)', async () => {
    const { text, scripts } = await buildExample('processes-advanced.ts', { forceDisableUserChange: true });
    expectGolden(golden('processes-advanced.txt'), text);
    expect(scripts).toHaveLength(8);
    expect(text).toContain('# Should-Start:      webapp5 webapp6');
    for (const file of scripts) execFileSync('sh', ['-n', file]);
  });

  it('numbers a chain of dependencies 00, 01, 02 and kills it 97, 98, 99', async () => {
    const a = createManagedProcess({ process: '/bin/sleep', args: ['1000'] });
    const b = createManagedProcess({ process: '/bin/sleep', args: ['1000'], dependencies: [a] });
    const c = createManagedProcess({ process: '/bin/sleep', args: ['1000'], dependencies: [a, b] });
    const { links } = await buildInline(c, { a: { pkg: a }, b: { pkg: b } });
    expect(links(3)).toEqual(['S00a', 'S01b', 'S02svc']);
    expect(links(6)).toEqual(['K97svc', 'K98b', 'K99a']);
  });

  it('starts in runlevels 2-5 by default, where upstream starts nothing without an override', async () => {
    const { file } = await buildInline(createManagedProcess({ process: '/bin/sleep' }));
    expect(file('etc/rc.d/init.d/svc')).toMatch(/# Default-Start: +2 3 4 5\n# Default-Stop: +0 1 6\n/);
  });

  it('takes upstream-style overrides: runlevels, instructions, activities, removeActivities', async () => {
    const { file, links, path } = await buildInline(
      createManagedProcess({
        process: '/bin/sleep',
        overrides: {
          sysvinit: {
            runlevels: [3, 4, 5, 9],
            instructions: { start: { instruction: '        echo custom start' } },
            activities: { hello: '        echo hello' },
            removeActivities: ['reload', 'force-reload'],
          },
        },
      }),
    );
    const script = file('etc/rc.d/init.d/svc');
    expect(script).toMatch(/# Default-Start: +3 4 5\n# Default-Stop: +0 1 2 6\n/);
    expect(links(2)).toEqual(['K99svc']);
    expect(script).toContain("log_info_msg 'Starting svc...'\n        echo custom start\n        evaluate_retval");
    expect(script).not.toContain('reload)');
    expect(script).toContain('Usage: $0 {start|stop|restart|status|hello}');
    expect(execFileSync(join(path, 'etc/rc.d/init.d/svc'), ['hello'], { encoding: 'utf8' })).toBe('hello\n');
  });

  it('uses defaultStart and defaultStop when runlevels are emptied, as upstream', async () => {
    const { file } = await buildInline(createManagedProcess({ process: '/bin/sleep', overrides: { sysvinit: { runlevels: [], defaultStart: [5], defaultStop: [0, 6] } } }));
    expect(file('etc/rc.d/init.d/svc')).toMatch(/# Default-Start: +5\n# Default-Stop: +0 6\n/);
  });

  it('rejects instructions without an activity word and activity names that are not words', async () => {
    const build = (sysvinit: Record<string, unknown>) => buildInline(createManagedProcess({ process: '/bin/sleep', overrides: { sysvinit } }));
    await expect(build({ instructions: { check: { instruction: 'true' } } })).rejects.toThrow(/instructions.check.*needs both `activity`/);
    await expect(build({ activities: { 'a b': 'true' } })).rejects.toThrow(/"a b" is not an activity name/);
    await expect(build({ sequence: 100 })).rejects.toThrow(/sequence number would be 100/);
  });

  it('explains per instance what is native, emulated and dropped', async () => {
    const result = await runCli(['build', '-P', 'sysvinit', '--explain', join(repoRoot, 'examples/webapps/processes.ts'), '--state-dir', join(tempDir(), 'state'), '--force-disable-user-change', '--extra-params', '{"webappMode":"foreground"}']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/webapp\n {2}mode +emulated +foreground process, daemonized by procform-daemonize/);
    expect(result.stdout).toMatch(/ {2}restart +emulated +policy on-failure, by procform-daemonize/);
    expect(result.stdout).toMatch(/ {2}user +dropped +user change disabled/);
    expect(result.stdout).toMatch(/nginx\n {2}mode +native +daemon: start-stop-daemon runs \/usr\/sbin\/nginx/);
    expect(result.stdout).toMatch(/ {2}ordering +native +S01\/K98: starts after webapp/);
    expect(result.stdout).toMatch(/ {2}restart +dropped +policy on-failure: sysvinit does not supervise/);
  });
});
