import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { supervisordDeployment } from './deployment.ts';

// Accounts that exist on every Debian machine: the webapps example's own accounts are created by
// procform's account handling, which this test does not depend on.
const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((ctx) => {
  const dir = ctx.extraParams.dir as string;
  const plain = createManagedProcess({ process: '/bin/sleep', args: ['1001'], user: 'nobody', readiness: { kind: 'exec', command: ['/bin/true'] } });
  const initialized = createManagedProcess({ process: '/bin/sleep', args: ['1002'], user: 'daemon', initialize: \`touch \${dir}/initialized\\n\` });
  const waiting = createManagedProcess({ process: '/bin/sleep', args: ['1003'], user: 'nobody', dependencies: [plain] });
  return { plain: { pkg: plain }, initialized: { pkg: initialized }, waiting: { pkg: waiting } };
});
`;

const ids = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => new RegExp(`^${name}:\\t(\\d+)`, 'm').exec(status)![1];
  return { uid: Number(field('Uid')), gid: Number(field('Gid')) };
};

describe('privileged supervisord deployments', () => {
  it.skipIf(process.getuid?.() !== 0)('run programs as their users, with initialize as root first', async () => {
    const deployment = supervisordDeployment({ privileged: true });
    const file = join(deployment.dir, 'privileged.ts');
    writeFileSync(file, model);
    await deployment.switchTo(file, ['--extra-params', JSON.stringify({ dir: deployment.dir })]);
    const status = await deployment.status();
    // nobody is 65534:65534 and daemon 1:1 on Debian.
    expect(ids(status.plain!.pid!)).toEqual({ uid: 65534, gid: 65534 });
    expect(ids(status.waiting!.pid!)).toEqual({ uid: 65534, gid: 65534 });
    expect(ids(status.initialized!.pid!)).toEqual({ uid: 1, gid: 1 });
    expect(statSync(join(deployment.dir, 'initialized')).uid).toBe(0);
    // supervisord itself stays root: it must be, to switch users.
    expect(ids(deployment.supervisordPid()!).uid).toBe(0);
  });
});
