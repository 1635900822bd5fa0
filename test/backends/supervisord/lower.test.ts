import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../../src/build/build-profile.ts';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import type { Instances, ManagedProcessParams } from '../../../src/model/types.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { parseWithSupervisord } from './supervisord-parser.ts';

interface Built {
  /** The [program:x] file of each instance. */
  programs: Record<string, string>;
  /** The wrapper script an instance runs, if it has one. */
  wrappers: Record<string, string>;
}

async function build(instances: Instances, options: { privileged?: boolean } = {}): Promise<Built> {
  const stateDir = join(tempDir(), 'state');
  // supervisord checks that log folders exist when it parses a program.
  mkdirSync(join(stateDir, 'log'), { recursive: true });
  const built = await buildProfile({
    modelFile: join(stateDir, 'processes.ts'),
    model: () => instances,
    processManager: 'supervisord',
    dirs: { stateDir },
    forceDisableUserChange: !options.privileged,
  });
  const programs: Record<string, string> = {};
  const wrappers: Record<string, string> = {};
  for (const entry of Object.values(built.manifest.instances)) {
    const text = readFileSync(join(built.path, `supervisord/conf.d/${entry.name}.conf`), 'utf8');
    programs[entry.instance] = text;
    const wrapper = /^command=(\S+-supervisord-wrapper)/m.exec(text)?.[1];
    if (wrapper) wrappers[entry.instance] = readFileSync(wrapper, 'utf8');
  }
  return { programs, wrappers };
}

const sleeper = (params: Partial<ManagedProcessParams> = {}) => createManagedProcess({ process: '/bin/sleep', args: ['1000'], ...params });
const option = (text: string, name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(text)?.[1];

describe('lowering to supervisord programs', () => {
  it('lets overrides set, replace and remove program options, as upstream', async () => {
    const { programs } = await build(
      {
        merged: { pkg: sleeper({ environment: { A: '1' }, overrides: { supervisord: { startsecs: 5, exitcodes: [0, 2], environment: { B: '2' }, stdout_logfile_backups: null } } }) },
        replaced: { pkg: sleeper({ overrides: { supervisord: (program) => ({ ...program, command: ['/bin/sleep', '2000'], autorestart: true }) } }) },
      },
      { privileged: false },
    );
    expect(option(programs.merged!, 'startsecs')).toBe('5');
    expect(option(programs.merged!, 'exitcodes')).toBe('0,2');
    expect(option(programs.merged!, 'environment')).toBe('PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",A="1",B="2"');
    expect(option(programs.merged!, 'stdout_logfile_backups')).toBeUndefined();
    expect(option(programs.replaced!, 'command')).toBe('/bin/sleep 2000');
    expect(option(programs.replaced!, 'autorestart')).toBe('true');
  });

  it('rejects an override value supervisord cannot carry, naming the option', async () => {
    await expect(build({ bad: { pkg: sleeper({ overrides: { supervisord: { environment: { X: 'a\nb' } } } }) } })).rejects.toThrow(
      /instance "bad".*supervisord option "environment".*X/,
    );
    await expect(build({ bad: { pkg: sleeper({ overrides: { supervisord: { directory: '/srv/a ;b' } } }) } })).rejects.toThrow(/supervisord option "directory"/);
  });

  it('maps restart policies, backoff and stop', async () => {
    const { programs } = await build({
      once: { pkg: sleeper({ restart: 'no', stop: { signal: 'SIGINT', timeout: '2500ms' } }) },
      always: { pkg: sleeper({ restart: { policy: 'always', backoff: { maxRestarts: 4, resetAfter: '30s' } } }) },
      failing: { pkg: sleeper({ log: { rotate: false } }) },
    });
    expect([option(programs.once!, 'autorestart'), option(programs.once!, 'startsecs'), option(programs.once!, 'startretries')]).toEqual(['false', '0', '0']);
    expect([option(programs.once!, 'stopsignal'), option(programs.once!, 'stopwaitsecs')]).toEqual(['INT', '3']);
    expect([option(programs.always!, 'autorestart'), option(programs.always!, 'startsecs'), option(programs.always!, 'startretries')]).toEqual(['true', '30', '3']);
    expect([option(programs.failing!, 'autorestart'), option(programs.failing!, 'startsecs'), option(programs.failing!, 'startretries')]).toEqual(['unexpected', '1', '3']);
    expect([option(programs.failing!, 'stdout_logfile_maxbytes'), option(programs.failing!, 'stdout_logfile_backups')]).toEqual(['0', '0']);
    for (const text of Object.values(programs)) expect([option(text, 'stopasgroup'), option(text, 'killasgroup'), option(text, 'redirect_stderr')]).toEqual(['true', 'true', 'true']);
  });

  it('turns dependencies into priorities that supervisord reads, and a wrapper that waits for readiness', async () => {
    const a = sleeper({ readiness: { kind: 'file', path: '/tmp/a-ready' } });
    const b = sleeper({ dependencies: [a] });
    const c = sleeper({ dependencies: [a, b] });
    const built = await build({ a: { pkg: a }, b: { pkg: b }, c: { pkg: c } });
    const parsed = parseWithSupervisord(Object.values(built.programs));
    expect([parsed.a!.priority, parsed.b!.priority, parsed.c!.priority]).toEqual([1, 2, 3]);
    expect(built.wrappers.a).toBeUndefined();
    // b waits for a's check; c waits for a only, as b has no check (priority orders it).
    expect(built.wrappers.b).toContain('{"kind":"file","path":"/tmp/a-ready"');
    expect(built.wrappers.c).toContain('{"kind":"file","path":"/tmp/a-ready"');
    expect(parsed.b!.argv.slice(1)).toEqual(['/bin/sleep', '1000']);
  });

  it('moves what supervisord cannot carry into the wrapper, byte for byte', async () => {
    const { programs, wrappers } = await build({ odd: { pkg: sleeper({ args: ['two\nlines'], environment: { FINE: 'x', ODD: `both ' and "` } }) } });
    const parsed = parseWithSupervisord([programs.odd!]);
    expect(parsed.odd!.argv).toHaveLength(1); // the wrapper alone: it sets the arguments itself
    expect(parsed.odd!.environment).toEqual({ PATH: expect.any(String), FINE: 'x' });
    expect(wrappers.odd).toContain("set -- /bin/sleep 'two\nlines'");
    expect(wrappers.odd).toContain(`export ODD='both '\\'' and "'`);
  });

  it('runs initialize as root and then drops privileges, when privileged', async () => {
    const built = await build(
      {
        plain: { pkg: sleeper({ user: 'nobody' }) },
        initialized: { pkg: sleeper({ user: 'nobody', initialize: 'mkdir -p /tmp/x\n' }) },
        niced: { pkg: sleeper({ nice: 5 }) },
      },
      { privileged: true },
    );
    expect(option(built.programs.plain!, 'user')).toBe('nobody');
    expect(built.wrappers.plain).toBeUndefined();
    expect(option(built.programs.initialized!, 'user')).toBeUndefined();
    expect(built.wrappers.initialized).toMatch(/mkdir -p \/tmp\/x\n# Run as nobody.*\nset -- \/\S*setpriv --reuid=nobody --regid="\$\(\S*id -g nobody\)" --init-groups -- "\$@"\nexec "\$@"/);
    expect(built.wrappers.niced).toMatch(/set -- \/\S*nice -n 5 "\$@"\nexec "\$@"/);
  });
});
