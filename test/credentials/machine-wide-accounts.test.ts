// Accounts are machine-wide, and so is their record: a crash inside account creation, deployments
// that share an account, a removal that fails, an account that appears after the plan. Every test
// runs its switches in a private /etc (never the machine's accounts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isRunning } from '../../src/process/proc-stat.ts';
import { shellCommand } from '../../src/shell/quote.ts';
import { cliPath, repoRoot, runCli } from '../support/cli.ts';
import { cleanUpAfterTest, processesUsing } from '../support/deployment-processes.ts';
import { tempDir } from '../support/temp-dir.ts';
import { runWithPrivateEtc } from './support/private-etc.ts';

/** A model of one sleeper running as the user named by $PFUSER, which it declares. */
function sleeperModel(dir: string): string {
  const model = join(dir, 'processes.ts');
  writeFileSync(
    model,
    `import { createManagedProcess, defineProcesses } from 'procform';
const user = process.env.PFUSER!;
export default defineProcesses(() => ({
  sleeper: { pkg: createManagedProcess({ process: 'sleep', args: ['600'], user, credentials: { users: { [user]: { description: 'procform test' } } } }) },
}));
`,
  );
  return model;
}

/** Shell lines for a test script: procform's command line, and a file of the test's folder. */
function scriptTools(dir: string) {
  const procform = (...args: string[]) => shellCommand(['node', cliPath, ...args]);
  const file = (name: string) => shellCommand([join(dir, name)]);
  // Where each step's output goes, with its exit code, for the assertions.
  const step = (name: string, command: string) => `if ${command} > ${file(`${name}.out`)} 2>&1; then echo 0; else echo $?; fi > ${file(`${name}.code`)}`;
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const result = (name: string) => ({ code: Number(read(`${name}.code`)), output: read(`${name}.out`) });
  const expectOk = (name: string) => expect(result(name).code, `${name}:\n${result(name).output}`).toBe(0);
  return { procform, file, step, read, result, expectOk };
}

const asRoot = process.getuid?.() === 0;

describe.skipIf(!asRoot)('the machine-wide accounts record (private /etc)', () => {
  it('a switch killed between recording an account and creating it, or after creating it, is repaired: the account is procform\'s and down removes it', async () => {
    const dir = tempDir();
    const state = join(dir, 'state');
    cleanUpAfterTest(state);
    const model = sleeperModel(dir);
    const { procform, file, step, read, result, expectOk } = scriptTools(dir);
    const switchAs = (user: string, fault = '') => `PFUSER=${user} PROCFORM_FAULT_POINT=${fault} ${procform('switch', model, '--state-dir', state)}`;
    const script = [
      step('killed-before', switchAs('pfcrasha', 'accounts:user-recorded')),
      `cp /etc/procform/accounts.json ${file('record-before.json')}`,
      `getent passwd pfcrasha > ${file('passwd-before')} || true`,
      step('repair-before', switchAs('pfcrasha')),
      step('killed-after', switchAs('pfcrashb', 'accounts:user-created')),
      `cp /etc/procform/accounts.json ${file('record-after.json')}`,
      `getent passwd pfcrashb > ${file('passwd-after')} || true`,
      step('repair-after', switchAs('pfcrashb')),
      `cp /etc/procform/accounts.json ${file('record-repaired.json')}`,
      `getent passwd pfcrasha pfcrashb > ${file('passwd-repaired')} || true`,
      step('down', procform('down', '--state-dir', state)),
      `cp /etc/procform/accounts.json ${file('record-down.json')}`,
      `getent passwd pfcrasha pfcrashb > ${file('passwd-down')} || true`,
    ].join('\n');
    const run = await runWithPrivateEtc(script);
    expect(run.code, run.stderr).toBe(0);
    const deployment = join(state, 'lib/procform/profiles/processes');
    const recordOf = (name: string) => JSON.parse(read(name)) as { users: Record<string, unknown> };

    // Killed after the intent was written, before useradd ran: the intent is there, the account is not.
    expect(result('killed-before').code).toBe(137);
    expect(recordOf('record-before.json').users.pfcrasha).toEqual({ properties: { description: 'procform test' }, usedBy: [deployment], creating: true });
    expect(read('passwd-before')).toBe('');
    expect(result('repair-before')).toMatchObject({ code: 0, output: expect.stringContaining('the previous switch did not finish (it failed or was interrupted); repairing it') });
    // Killed after useradd, before the record said so: the intent makes the account procform's.
    expect(result('killed-after').code).toBe(137);
    expect(recordOf('record-after.json').users.pfcrashb).toMatchObject({ creating: true });
    expect(read('passwd-after')).toMatch(/^pfcrashb:/);
    expectOk('repair-after');
    expect(recordOf('record-repaired.json').users).toEqual({ pfcrashb: { properties: { description: 'procform test' }, usedBy: [deployment] } });
    expect(read('passwd-repaired')).toMatch(/^pfcrashb:[^\n]*\n$/);
    expectOk('down');
    expect(recordOf('record-down.json')).toEqual({ formatVersion: 1, groups: {}, users: {} });
    expect(read('passwd-down')).toBe('');
  });

  it('two deployments that share an account: it stays while either uses it, and goes with the last', async () => {
    const dir = tempDir();
    const [first, second] = [join(dir, 'first'), join(dir, 'second')];
    cleanUpAfterTest(first);
    cleanUpAfterTest(second);
    const model = sleeperModel(dir);
    const { procform, file, step, read, expectOk } = scriptTools(dir);
    const script = [
      step('first', `PFUSER=pfshared ${procform('switch', model, '--state-dir', first)}`),
      step('second', `PFUSER=pfshared ${procform('switch', model, '--state-dir', second)}`),
      step('first-down', procform('down', '--state-dir', first)),
      `getent passwd pfshared > ${file('passwd-first-down')} || true`,
      `ps -o user= -p "$(${procform('status', '--json', '--state-dir', second)} | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8"))[0].pid')" > ${file('second-user')}`,
      step('second-down', procform('down', '--state-dir', second)),
      `getent passwd pfshared > ${file('passwd-second-down')} || true`,
      `cp /etc/procform/accounts.json ${file('record.json')}`,
    ].join('\n');
    const run = await runWithPrivateEtc(script);
    expect(run.code, run.stderr).toBe(0);
    for (const name of ['first', 'second', 'first-down', 'second-down']) expectOk(name);
    expect(read('passwd-first-down')).toMatch(/^pfshared:/);
    expect(read('second-user').trim()).toBe('pfshared');
    expect(read('passwd-second-down')).toBe('');
    expect(JSON.parse(read('record.json'))).toEqual({ formatVersion: 1, groups: {}, users: {} });
  });

  it('an account removed by a switch and created again by rollback under another UID: the running supervisor starts the instance with the new one', async () => {
    const dir = tempDir();
    const state = join(dir, 'state');
    cleanUpAfterTest(state);
    const model = sleeperModel(dir);
    const { procform, file, step, read, expectOk } = scriptTools(dir);
    const pid = `$(${procform('status', '--json', '--state-dir', state)} | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8"))[0].pid')`;
    const script = [
      step('one', `PFUSER=pfagain ${procform('switch', model, '--state-dir', state)}`),
      `id -u pfagain > ${file('uid-one')}`,
      step('two', `PFUSER=pfother ${procform('switch', model, '--state-dir', state)}`),
      // The UID pfagain had is taken meanwhile: its account comes back with another one.
      `useradd --system --no-log-init --no-user-group --uid "$(cat ${file('uid-one')})" pfsquat`,
      step('rollback', procform('rollback', '--state-dir', state)),
      `id -u pfagain > ${file('uid-rollback')}`,
      `awk '/^Uid:/ { print $2 }' /proc/${pid}/status > ${file('uid-running')}`,
      step('down', procform('down', '--state-dir', state)),
      'userdel pfsquat',
    ].join('\n');
    const run = await runWithPrivateEtc(script);
    expect(run.code, run.stderr).toBe(0);
    for (const name of ['one', 'two', 'rollback', 'down']) expectOk(name);
    expect(read('uid-rollback')).not.toBe(read('uid-one'));
    expect(read('uid-running')).toBe(read('uid-rollback'));
  });

  it('an account that cannot be removed does not leave down or rollback half done: they finish, say what is left, and the next down removes it', async () => {
    const dir = tempDir();
    const state = join(dir, 'state');
    cleanUpAfterTest(state);
    const model = sleeperModel(dir);
    const { procform, file, step, read, result, expectOk } = scriptTools(dir);
    // A process of someone else's, running as the user: userdel refuses to remove it. Killed by PID
    // after the test whatever happens, and holding none of the script's pipes.
    const stray = (user: string) => `setpriv --reuid=${user} --regid=100 --clear-groups sleep 600 > /dev/null 2>&1 & echo $! > ${file(`stray-${user}`)}`;
    onTestFinished(() => {
      for (const user of ['pfleftone', 'pflefttwo']) {
        const pid = Number(existsSync(join(dir, `stray-${user}`)) ? read(`stray-${user}`) : 0);
        if (pid > 0 && isRunning(pid)) process.kill(pid, 'SIGKILL');
      }
    });
    const script = [
      step('one', `PFUSER=pfleftone ${procform('switch', model, '--state-dir', state)}`),
      step('two', `PFUSER=pflefttwo ${procform('switch', model, '--state-dir', state)}`),
      stray('pflefttwo'),
      step('rollback', procform('rollback', '--state-dir', state)),
      `getent passwd pflefttwo > ${file('passwd-rollback')} || true`,
      stray('pfleftone'),
      step('down', procform('down', '--state-dir', state)),
      `${procform('status', '--state-dir', state)} > ${file('status')} 2>&1`,
      `getent passwd pfleftone > ${file('passwd-down')} || true`,
      `cp /etc/procform/accounts.json ${file('record-down.json')}`,
      `kill $(cat ${file('stray-pfleftone')}) $(cat ${file('stray-pflefttwo')}); wait`,
      step('down-again', procform('down', '--state-dir', state)),
      `getent passwd pfleftone pflefttwo > ${file('passwd-down-again')} || true`,
      `cp /etc/procform/accounts.json ${file('record-down-again.json')}`,
    ].join('\n');
    const run = await runWithPrivateEtc(script);
    expect(run.code, run.stderr).toBe(0);
    expectOk('one');
    expectOk('two');

    const rollback = result('rollback');
    expect(rollback.code).toBe(1);
    expect(rollback.output).toMatch(/generation 1 is current\nerror: everything else is done, but this account is left: user pflefttwo \(still recorded as procform's: the next switch or `procform down` removes it\)\ncannot remove user "pflefttwo": userdel pflefttwo failed: userdel: user pflefttwo is currently used by process \d+\nhint: Is a process still running as pflefttwo\?/);
    expect(read('passwd-rollback')).toMatch(/^pflefttwo:/);

    const down = result('down');
    expect(down.code).toBe(1);
    expect(down.output).toMatch(/1 stopped; state folders are kept\nerror: everything else is done, but these accounts are left: user pfleftone, user pflefttwo/);
    expect(down.output).not.toContain('    at ');
    // Everything else is done: the deployment is down, its supervisor gone.
    expect(read('status')).toContain('nothing is deployed');
    expect(processesUsing(state)).toEqual([]);
    expect(existsSync(join(state, 'run/procform-builtin/supervisor.pid'))).toBe(false);
    expect(read('passwd-down')).toMatch(/^pfleftone:/);
    expect(Object.keys(JSON.parse(read('record-down.json')).users)).toEqual(['pfleftone', 'pflefttwo']);

    expectOk('down-again');
    expect(read('passwd-down-again')).toBe('');
    expect(JSON.parse(read('record-down-again.json'))).toEqual({ formatVersion: 1, groups: {}, users: {} });
  });

  it('an account that appears after the plan was made, before it is created, is used as it is and never recorded as procform\'s', async () => {
    const dir = tempDir();
    const model = sleeperModel(dir);
    const built = await runCli(['build', model, '-P', 'none', '--state-dir', join(dir, 'state')], { env: { PFUSER: 'pflate' } });
    expect(built.stderr).toBe('');
    const { file, read } = scriptTools(dir);
    const switchAccounts = join(repoRoot, 'test/credentials/fixtures/switch-accounts.mjs');
    const deployment = join(dir, 'state/lib/procform/profiles/processes');
    const script = [
      `node ${shellCommand([switchAccounts, deployment, built.stdout.trim(), 'useradd --no-log-init --no-user-group --comment late pflate'])} > ${file('plan.json')}`,
      `cp /etc/procform/accounts.json ${file('record.json')} || echo '{}' > ${file('record.json')}`,
      `node ${shellCommand([switchAccounts, deployment, 'none'])} > /dev/null`,
      `getent passwd pflate > ${file('passwd')}`,
    ].join('\n');
    const run = await runWithPrivateEtc(script);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(read('plan.json')).createUsers).toEqual([{ name: 'pflate', properties: { description: 'procform test' } }]);
    expect(JSON.parse(read('record.json')).users ?? {}).toEqual({});
    expect(read('passwd')).toMatch(/^pflate:x:\d+:100:late:/);
  });

  it("takes over a deployment's own record from before accounts were recorded machine-wide", async () => {
    const dir = tempDir();
    const state = join(dir, 'state');
    cleanUpAfterTest(state);
    const model = sleeperModel(dir);
    const { procform, file, step, read, expectOk } = scriptTools(dir);
    const legacy = join(state, 'lib/procform/accounts.json');
    const script = [
      'useradd --no-log-init --no-user-group pflegacy',
      `mkdir -p ${shellCommand([join(state, 'lib/procform')])}`,
      `echo '{"formatVersion":1,"groups":{},"users":{"pflegacy":{}}}' > ${shellCommand([legacy])}`,
      step('switch', `PFUSER=pfnew ${procform('switch', model, '--state-dir', state)}`),
      `getent passwd pflegacy pfnew > ${file('passwd')} || true`,
      step('down', procform('down', '--state-dir', state)),
    ].join('\n');
    const run = await runWithPrivateEtc(script);
    expect(run.code, run.stderr).toBe(0);
    expectOk('switch');
    expectOk('down');
    // The old record's account was this deployment's; the new model does not need it: removed.
    expect(read('passwd')).toMatch(/^pfnew:[^\n]*\n$/);
    expect(existsSync(legacy)).toBe(false);
  });
});
