// -P docker against a private dockerd (no bridge, no iptables: the containers use the host network):
// start order gated on readiness, arguments and environment byte for byte, initialize as root and
// the program as its user, a daemon's PID, docker restarting a crash, a switch that recreates
// only the changed container, stop/start of one instance, createParameters, and `down` leaving no
// container and no image. Bad input: no docker at all.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliIn, statusesIn } from '../../support/cli.ts';
import { pointProcformAt, usePrivateDockerd } from '../../support/docker-suite.ts';
import { expectedArgv, expectedEnv, nastyValues } from '../../support/argv-env-model.ts';
import { eventually } from '../../support/eventually.ts';
import { hasDocker } from '../../support/private-dockerd.ts';
import { tempDir } from '../../support/temp-dir.ts';

const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((ctx) => {
  const out = ctx.stateDir;
  const db = createManagedProcess({
    name: 'db', process: '/bin/sh',
    args: ['-c', 'sleep 0.3; touch "$1/db.ready"; echo db ready; exec sleep 1000', 'db', out],
    readiness: { kind: 'log', pattern: 'db ready' },
  });
  const web = createManagedProcess({
    name: 'web', process: '/bin/sh',
    args: ['-c', 'if [ -e "$1/db.ready" ]; then echo "web started after db" >> "$1/events"; else echo "web started before db" >> "$1/events"; fi; exec sleep 1000', 'web', out],
    environment: { WEB_VERSION: String(ctx.extraParams.webVersion ?? 1) },
    dependencies: [db],
    stop: { signal: 'SIGINT', timeout: 3 },
  });
  const probe = createManagedProcess({
    name: 'probe', process: '/bin/sh',
    args: ['-c', 'for a; do printf "%s\\\\0" "$a"; done > "$PROBE_OUT.argv"; env -0 > "$PROBE_OUT.env"; exec sleep 1000', 'probe', ...${JSON.stringify(nastyValues)}],
    environment: { PROBE_OUT: out + '/probe', ...${JSON.stringify(expectedEnv())} },
    overrides: { docker: { createParameters: { memory: '64m', 'cap-add': ['NET_ADMIN'], label: ['extra=yes'] } } },
  });
  const bg = createManagedProcess({
    name: 'bg', daemon: '/bin/sh', daemonArgs: ['-c', 'sleep 1000 & echo $! > "$1"', 'bg', out + '/bg.pid'], pidFile: out + '/bg.pid',
    restart: 'always',
  });
  // initialize runs as root (chown), the program as the user.
  const owned = createManagedProcess({
    name: 'owned', process: '/bin/sh', args: ['-c', 'id -u > "$1/owned/id"; exec sleep 1000', 'owned', out], user: 'nobody',
    initialize: 'mkdir -p ' + out + '/owned && chown nobody ' + out + '/owned',
  });
  return { db: { pkg: db }, web: { pkg: web }, probe: { pkg: probe }, bg: { pkg: bg }, owned: { pkg: owned } };
});
`;

describe.runIf(hasDocker())('-P docker against a private dockerd', () => {
  const dockerd = usePrivateDockerd();
  const docker = (args: string[]) => dockerd().docker(args);
  const inspect = (container: string, format: string) => docker(['container', 'inspect', '--format', format, container]).stdout.trim();

  it('starts in dependency order, keeps unchanged containers on a switch, stops and starts one, and leaves nothing after down', async () => {
    const dir = tempDir();
    const state = join(dir, 'state');
    writeFileSync(join(dir, 'processes.ts'), model);
    pointProcformAt(dockerd());
    const cli = (args: string[]) => runCliIn(state, args, { timeoutMs: 300_000 });
    const deployed = await cli(['switch', '-P', 'docker', join(dir, 'processes.ts')]);
    expect(deployed.code, deployed.stderr).toBe(0);

    const containers = docker(['ps', '--format', '{{.Names}}']).stdout.split('\n').filter(Boolean).sort();
    expect(containers).toHaveLength(5);
    expect(readFileSync(join(state, 'owned/id'), 'utf8')).toBe('65534\n');
    const named = (name: string) => containers.find((container) => container.endsWith(`-${name}`))!;
    expect(readFileSync(join(state, 'events'), 'utf8')).toBe('web started after db\n');
    expect(inspect(named('db'), '{{.HostConfig.NetworkMode}}')).toBe('host');

    // Arguments and environment byte for byte; the model's docker create parameters applied.
    expect(readFileSync(join(state, 'probe.argv'), 'utf8').split('\0').slice(0, -1)).toEqual(expectedArgv());
    const environment = Object.fromEntries(readFileSync(join(state, 'probe.env'), 'utf8').split('\0').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
    for (const [name, value] of Object.entries(expectedEnv())) expect(environment[name], name).toBe(value);
    expect(inspect(named('probe'), '{{.HostConfig.Memory}} {{.HostConfig.CapAdd}} {{index .Config.Labels "extra"}}')).toBe('67108864 [CAP_NET_ADMIN] yes');

    // status: the program's own PID (docker-init's child), as the host sees it.
    const before = await statusesIn(state);
    for (const instance of ['db', 'web', 'probe', 'bg']) {
      expect(before[instance]!.state).toBe('running');
      expect(readFileSync(`/proc/${before[instance]!.pid}/cmdline`, 'utf8')).toMatch(/^sleep\0/);
    }
    // The daemon behind the foreground proxy: the PID its PID file names (in the container's namespace), on the host.
    const daemonPid = Number(readFileSync(join(state, 'bg.pid'), 'utf8'));
    expect(readFileSync(`/proc/${before.bg!.pid}/status`, 'utf8')).toMatch(new RegExp(`^NSpid:\\s+${before.bg!.pid}\\s+${daemonPid}$`, 'm'));
    const ids = Object.fromEntries(['db', 'web', 'probe', 'bg'].map((name) => [name, inspect(named(name), '{{.Id}}')]));

    const logs = await cli(['logs', 'db']);
    expect(logs.stdout).toContain('db ready');
    const since = await cli(['logs', 'db', '--since', '1h', '--timestamps']);
    expect(since.stdout, since.stderr).toMatch(/^\S*\d{2}:\d{2}:\d{2}\S* db ready$/m);

    // A switch that changes web: only web's container is new; db and probe keep container and PID.
    const switched = await cli(['switch', '-P', 'docker', '--extra-params', '{"webVersion":2}', join(dir, 'processes.ts')]);
    expect(switched.code, switched.stderr).toBe(0);
    const after = await statusesIn(state);
    expect(inspect(named('web'), '{{.Id}}')).not.toBe(ids.web);
    expect(inspect(named('web'), '{{range .Config.Env}}{{println .}}{{end}}')).toContain('WEB_VERSION=2');
    for (const instance of ['db', 'probe', 'bg']) {
      expect(inspect(named(instance), '{{.Id}}'), instance).toBe(ids[instance]);
      expect(after[instance]!.pid, instance).toBe(before[instance]!.pid);
    }
    // The replaced container's image went with it.
    expect(docker(['images', '--format', '{{.Repository}}']).stdout.split('\n').filter((name) => name === 'procform-web')).toHaveLength(1);

    // stop and start one instance: the others see nothing.
    expect((await cli(['stop', 'web'])).code).toBe(0);
    const stopped = await statusesIn(state);
    expect(stopped.web!.state).toBe('stopped');
    expect(stopped.db!.pid).toBe(before.db!.pid);
    expect((await cli(['start', 'web'])).code).toBe(0);
    expect((await statusesIn(state)).web!.state).toBe('running');

    // A crash: docker restarts it (restart 'always'), and status follows the new PID.
    process.kill(before.bg!.pid!, 'SIGKILL');
    await eventually(async () => {
      const bg = (await statusesIn(state)).bg!;
      return bg.state === 'running' && bg.pid !== null && bg.pid !== before.bg!.pid && bg.restarts === 1;
    }, 60_000, 'docker to restart bg');
    // restart: a new container for that instance alone, from the image it had.
    const probeImage = inspect(named('probe'), '{{.Image}}');
    expect((await cli(['restart', 'probe'])).code).toBe(0);
    expect(inspect(named('probe'), '{{.Id}}')).not.toBe(ids.probe);
    expect(inspect(named('probe'), '{{.Image}}')).toBe(probeImage);
    expect(inspect(named('db'), '{{.Id}}')).toBe(ids.db);

    const down = await cli(['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(docker(['ps', '-a', '--format', '{{.Names}}']).stdout.trim()).toBe('');
    expect(docker(['images', '--filter', 'label=org.procform.made-by', '--format', '{{.Repository}}:{{.Tag}}']).stdout.trim()).toBe('');
  }, 600_000);
});

describe('-P docker without a daemon: --explain, and bad input changes nothing', () => {
  const plain = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((ctx) => ({
  a: { pkg: createManagedProcess({ name: 'a', process: '/bin/sleep', args: ['100'], overrides: { docker: { createParameters: ctx.extraParams.create ?? {} } } }) },
}));
`;

  it('without the docker command, or without a daemon, fails with exit 69 and a hint before the state folder exists', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), plain);
    const state = join(dir, 'state');
    const missing = await runCliIn(state, ['switch', '-P', 'docker', join(dir, 'processes.ts')], { env: { PATH: join(dir, 'empty') } });
    expect(missing.code, missing.stderr).toBe(69);
    expect(missing.stderr).toContain('the docker backend needs the docker command, which is not on PATH');
    expect(missing.stderr).toContain('apt-get install docker.io');
    const noDaemon = await runCliIn(state, ['switch', '-P', 'docker', join(dir, 'processes.ts')], { env: { DOCKER_HOST: `unix://${join(dir, 'no-daemon.sock')}` } });
    expect(noDaemon.code, noDaemon.stderr).toBe(69);
    expect(noDaemon.stderr).toMatch(/the docker daemon does not answer[^]*hint: Start it/);
    expect(existsSync(state)).toBe(false);
  });

  it('--explain says what docker does itself and follows an overridden restart', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), plain);
    const state = join(dir, 'state');
    const explained = await runCliIn(state, ['build', '-P', 'docker', '--explain', '--extra-params', '{"create":{"restart":"always"}}', join(dir, 'processes.ts')]);
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toMatch(/^ {2}mode +native +foreground: the container runs it under docker-init/m);
    expect(explained.stdout).toMatch(/^ {2}restart +native +docker's --restart always$/m);
    expect(explained.stdout).toMatch(/^ {2}stop +native +docker stop: SIGTERM/m);
  });

  it('refuses createParameters of the wrong shape when the model is built, naming the instance and the field', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), plain);
    const state = join(dir, 'state');
    for (const [create, problem] of [
      [{ '--memory': '64m' }, '"--memory" is not a docker create option name'],
      [{ name: 'mine' }, '"name" cannot be changed'],
      [{ volume: { a: 1 } }, 'option "volume" must be a string, a number, true, false, null or a list of strings'],
    ] as const) {
      const result = await runCliIn(state, ['switch', '-P', 'docker', '--extra-params', JSON.stringify({ create }), join(dir, 'processes.ts')]);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('instance "a": field "overrides.docker.createParameters": ' + problem);
    }
    expect(existsSync(state)).toBe(false);
  });
});
