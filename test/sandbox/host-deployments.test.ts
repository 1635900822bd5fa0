// A test machine must not see a procform deployment of its host (the README's first line, say): its
// generations, store, logs, accounts. The host here is stood for by a folder on the root file
// system (the sandbox sees it through its copy-on-write view, as it sees the host's /var).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.ts';
import { hostDeployments } from '../../src/sandbox/host-deployments.ts';
import { cliPath, runCli } from '../support/cli.ts';
import { cleanUpAfterTest } from '../support/deployment-processes.ts';

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('the host\'s procform deployments, seen from a sandbox', () => {
  it('are not there: no generation, store, log or account of theirs, while the host keeps all of it', async () => {
    const root = mkdtempSync('/var/cache/procform-host-');
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const stateDir = join(root, 'var');
    cleanUpAfterTest(stateDir);
    const model = join(root, 'processes.ts');
    writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ hostweb: { pkg: createManagedProcess({ process: 'sh', args: ['-c', 'echo from the host; exec sleep 600'] }) } }));\n");
    onTestFinished(async () => void (await runCli(['down', '--state-dir', stateDir])));
    expect((await runCli(['switch', model, '--state-dir', stateDir, '--force-disable-user-change'])).code).toBe(0);
    // As if procform had created accounts on the host: Debian's games user and group stand for them.
    const recordDir = join(root, 'etc/procform');
    mkdirSync(recordDir, { recursive: true });
    writeFileSync(join(recordDir, 'accounts.json'), JSON.stringify({ formatVersion: 1, groups: { games: { properties: {}, usedBy: [] } }, users: { games: { properties: {}, usedBy: [] } } }));

    const found = hostDeployments(root);
    expect(found).toEqual({
      folders: [join(stateDir, 'lib/procform'), recordDir],
      files: [join(stateDir, 'log/hostweb.log'), join(stateDir, 'log/procform-builtin.log')],
      users: ['games'],
      groups: ['games'],
    });

    const machine = await createSandbox({ profile: 'privileged', name: 'host-deployments', hostDeploymentRoot: root });
    onTestFinished(() => machine.destroy());
    const inside = (command: string) => machine.exec(command);
    const status = await inside(`node ${cliPath} status --state-dir ${stateDir}`);
    expect(status).toMatchObject({ code: 0, stderr: `nothing is deployed in ${stateDir} (profile "processes")\n` });
    expect(await inside(`find ${join(stateDir, 'lib/procform')} ${recordDir} ${join(stateDir, 'log')} -mindepth 1`)).toMatchObject({ code: 0, stdout: '' });
    expect((await inside('getent passwd games; getent group games')).code).toBe(2);

    // The host still has all of it.
    expect(readdirSync(join(stateDir, 'log')).sort()).toEqual(['hostweb.log', 'procform-builtin.log']);
    expect(readdirSync(join(stateDir, 'lib/procform/profiles')).length).toBeGreaterThan(0);
  });
});
