// Privileged deployments (root, user change enabled): processes run as other accounts, with their
// supplementary groups; initialize runs as root. The webapps example runs in a private copy of /etc,
// where procform's switch creates its accounts without touching the machine's.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { expectedArgv, expectedEnv, nastyValues, probeScript } from '../../support/argv-env-model.ts';
import { shellCommand } from '../../../src/shell/quote.ts';
import type { CliResult } from '../../support/cli.ts';
import { cliPath, repoRoot } from '../../support/cli.ts';
import { freePorts } from '../../support/free-port.ts';
import { httpGet } from '../../support/http.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { runWithPrivateEtc } from '../../credentials/support/private-etc.ts';
import { argvOf, cleanUpAfterTest, expectNothingRunning, processesUsing } from '../../support/deployment-processes.ts';
import { copyWebappsWithState } from '../../support/webapps.ts';
import { pidIn } from './support.ts';
import { patiently } from '../../support/eventually.ts';

const isRoot = process.getuid?.() === 0;

/**
 * A system account with a supplementary group, made in the private /etc the test runs in (never the
 * machine's: other tests compare the machine's account files and take their IDs).
 */
function temporaryAccount(): { user: string; group: string; commands: string } {
  const suffix = Math.random().toString(36).slice(2, 8);
  const account = { user: `pfsv${suffix}`, group: `pfsvg${suffix}` };
  const commands = [
    shellCommand(['groupadd', '--system', account.group]),
    shellCommand(['useradd', '--system', '--no-log-init', '--no-create-home', '--no-user-group', '--gid', 'nogroup', '--groups', account.group, '--shell', '/usr/sbin/nologin', account.user]),
  ].join('\n');
  return { ...account, commands };
}

/** uid, gid and the sorted groups of a live process, and its nice value. */
function credentialsOf(pid: number): { uid: string; gid: string; groups: string; nice: string } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => status.match(new RegExp(`^${name}:\\s+(\\S+)`, 'm'))![1]!;
  const groups = status.match(/^Groups:\s*(.*)$/m)![1]!.trim().split(/\s+/).sort().join(' ');
  const nice = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[16]!;
  return { uid: field('Uid'), gid: field('Gid'), groups, nice };
}

/** Shell lines writing what the account should have into `file`: `id` resolves the supplementary groups as initgroups does. */
function expectedCredentialsScript(user: string, file: string): string {
  return `{ id -u ${user}; id -g ${user}; id -G ${user}; } > ${shellCommand([file])}`;
}

/** What the account should have, as expectedCredentialsScript wrote it. */
function expectedCredentials(file: string, nice: number) {
  const [uid, gid, groups] = readFileSync(file, 'utf8').trim().split('\n');
  return { uid: uid!, gid: gid!, groups: groups!.split(' ').sort().join(' '), nice: String(nice) };
}

/**
 * Runs `deploy` in a private /etc and waits there while the test looks; the returned function runs
 * `undeploy` and gives the script's result.
 */
async function whileDeployedInPrivateEtc(dir: string, deploy: string[], undeploy: string[]): Promise<() => Promise<CliResult>> {
  const ready = join(dir, 'deployed');
  const proceed = join(dir, 'proceed');
  const script = [...deploy, `touch ${shellCommand([ready])}`, `while [ ! -e ${shellCommand([proceed])} ]; do sleep 0.1; done`, ...undeploy].join('\n');
  let finished: CliResult | undefined;
  const run = runWithPrivateEtc(script).then((result) => (finished = result));
  onTestFinished(() => writeFileSync(proceed, ''));
  await expect.poll(() => existsSync(ready) || finished !== undefined, patiently).toBe(true);
  expect(finished, `${finished?.stdout}${finished?.stderr}`).toBeUndefined();
  return () => {
    writeFileSync(proceed, '');
    return run;
  };
}

describe.skipIf(!isRoot)('sysvinit, privileged', () => {
  it('runs daemons and daemonized processes as their users, with supplementary groups and nice; initialize runs as root', async () => {
    const account = temporaryAccount();
    const dir = tempDir('procform-sysvinit-');
    chmodSync(dir, 0o755); // the accounts must reach the store
    const stateDir = join(dir, 'state');
    cleanUpAfterTest(stateDir);
    const [daemonPort, groupsPort] = await freePorts(2);
    const webapp = join(repoRoot, 'dist/src/webapp/main.js');
    const model = join(dir, 'processes.ts');
    writeFileSync(
      model,
      `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((ctx) => ({
  daemonAccount: { pkg: createManagedProcess({
    daemon: ${JSON.stringify(process.execPath)}, daemonArgs: [${JSON.stringify(webapp)}, '-D'], user: 'daemon', nice: 2,
    environment: { PORT: ${daemonPort}, PID_FILE: \`\${ctx.tmpDir}/daemonAccount.pid\` },
    readiness: { kind: 'tcp', port: ${daemonPort} },
    initialize: 'id -u > ${dir}/initialize-uid',
  }) },
  daemonGroups: { pkg: createManagedProcess({
    daemon: ${JSON.stringify(process.execPath)}, daemonArgs: [${JSON.stringify(webapp)}, '-D'], user: '${account.user}',
    environment: { PORT: ${groupsPort}, PID_FILE: \`\${ctx.tmpDir}/daemonGroups.pid\` },
    readiness: { kind: 'tcp', port: ${groupsPort} },
  }) },
  foregroundGroups: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', foregroundProcessArgs: ['1000'], user: '${account.user}', nice: 3 }) },
  foregroundNobody: { pkg: createManagedProcess({
    foregroundProcess: ${JSON.stringify(process.execPath)},
    foregroundProcessArgs: ${JSON.stringify([probeScript, ...nastyValues])},
    environment: { PROCFORM_PROBE_OUT: \`\${ctx.tmpDir}/probe.json\`, ...${JSON.stringify(expectedEnv())} },
    user: 'nobody', umask: '0027', directory: '/usr',
  }) },
}));
`,
    );
    // One private /etc for the account, switch and down.
    const procformCommand = (args: string[]) => shellCommand([process.execPath, cliPath, ...args, '--state-dir', stateDir]);
    const deployed = [
      account.commands,
      `${procformCommand(['switch', '-P', 'sysvinit', model])} 2>&1`,
      ...['daemon', account.user, 'nobody'].map((user) => expectedCredentialsScript(user, join(dir, `id-${user}`))),
    ];
    const finish = await whileDeployedInPrivateEtc(dir, deployed, [`${procformCommand(['down'])} 2>&1`]);
    expect(readFileSync(join(dir, 'initialize-uid'), 'utf8')).toBe('0\n');
    expect((await httpGet(`http://127.0.0.1:${daemonPort}/`)).body).toContain(`port: ${daemonPort}`);

    const daemonizedPid = (name: string) => JSON.parse(readFileSync(join(stateDir, `run/${name}.daemonize.json`), 'utf8')).pid as number;
    expect(credentialsOf(pidIn(join(stateDir, 'tmp/daemonAccount.pid')))).toEqual(expectedCredentials(join(dir, 'id-daemon'), 2));
    const withGroups = expectedCredentials(join(dir, `id-${account.user}`), 0);
    expect(withGroups.groups.split(' ')).toHaveLength(2); // nogroup and the supplementary group
    expect(credentialsOf(pidIn(join(stateDir, 'tmp/daemonGroups.pid')))).toEqual(withGroups);
    expect(credentialsOf(daemonizedPid('foregroundGroups'))).toEqual({ ...withGroups, nice: '3' });
    const nobody = daemonizedPid('foregroundNobody');
    expect(credentialsOf(nobody)).toEqual(expectedCredentials(join(dir, 'id-nobody'), 0));
    expect(execFileSync('readlink', [`/proc/${nobody}/cwd`], { encoding: 'utf8' })).toBe('/usr\n');

    // The supervisor stays root, so the log stays root's; the process's files get its umask.
    const probeOut = join(stateDir, 'tmp/probe.json');
    await expect.poll(() => existsSync(probeOut), patiently).toBe(true);
    expect(statSync(probeOut).uid).toBe(65534);
    expect(statSync(probeOut).mode & 0o777).toBe(0o640);
    const seen = JSON.parse(readFileSync(probeOut, 'utf8'));
    expect(seen.argv).toEqual(expectedArgv());
    expect(seen.env).toMatchObject(expectedEnv());
    expect(statSync(join(stateDir, 'log/foregroundNobody.log')).uid).toBe(0);

    const running = processesUsing(stateDir);
    const result = await finish();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    await expectNothingRunning(stateDir, running);
  });

  it('deploys the webapps example privileged: accounts created, processes as webapp and nginx, reachable by Host header, all gone after down', async () => {
    const copy = await copyWebappsWithState();
    const ids = JSON.parse(readFileSync(join(repoRoot, 'examples/webapps/ids.json'), 'utf8')).ids;
    writeFileSync(
      join(copy.dir, 'ids.json'),
      JSON.stringify({ ids: { uids: ids.uids, gids: ids.gids, webappPorts: { webapp: copy.ports.webapp }, nginxPorts: { nginx: copy.ports.nginx } } }),
    );
    const procformCommand = (args: string[]) => shellCommand([process.execPath, cliPath, ...args, '--state-dir', copy.stateDir]);
    // One namespace for switch and down: the accounts exist only in its /etc.
    const finish = await whileDeployedInPrivateEtc(
      copy.dir,
      [
        `${procformCommand(['switch', '-P', 'sysvinit', join(copy.dir, 'processes.ts')])} 2>&1`,
        `getent passwd webapp nginx | cut -d: -f1,3 > ${shellCommand([join(copy.dir, 'accounts')])}`,
      ],
      [`${procformCommand(['down'])} 2>&1`, 'getent passwd webapp nginx || echo accounts removed'],
    );

    expect(readFileSync(join(copy.dir, 'accounts'), 'utf8')).toBe(`webapp:${ids.uids.webapp}\nnginx:${ids.uids.nginx}\n`);
    expect((await httpGet(`http://127.0.0.1:${copy.ports.nginx}/`, { host: 'webapp.local' })).body).toContain(`listening on port: ${copy.ports.webapp}`);
    const webappPid = pidIn(join(copy.stateDir, 'tmp/webapp.pid'));
    expect(credentialsOf(webappPid)).toMatchObject({ uid: String(ids.uids.webapp), gid: String(ids.gids.webapp), groups: String(ids.gids.webapp) });
    const running = processesUsing(copy.stateDir);
    const nginxWorkers = running.filter((pid) => argvOf(pid)[0]?.startsWith('nginx: worker'));
    expect(nginxWorkers.length).toBeGreaterThan(0);
    for (const pid of nginxWorkers) expect(credentialsOf(pid).uid).toBe(String(ids.uids.nginx));

    const result = await finish();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/2 stopped; state folders are kept\naccounts removed\n$/);
    await expectNothingRunning(copy.stateDir, running);
  });
});

