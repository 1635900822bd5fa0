// Secrets stay with the deploying user, on every backend: the store holds instances' environments,
// and only root may read them in a privileged deployment; logs have one mode everywhere; another
// user pointing procform at the deployment gets a clear refusal. In sandboxes: a privileged
// deployment creates an account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { shellCommand } from '../../src/shell/quote.ts';
import { cliPath } from '../support/cli.ts';

const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  pfsecret: {
    pkg: createManagedProcess({
      foregroundProcess: 'sh',
      foregroundProcessArgs: ['-c', 'echo started; exec sleep 600'],
      user: 'pfsecret',
      // One value supervisord's environment= cannot carry: its wrapper script exports it.
      environment: { API_KEY: 's3cr3t-1234', MULTI: 'first line\\nmore-s3cr3t' },
      credentials: { users: { pfsecret: {} } },
    }),
  },
}));
`;

const procform = (...args: string[]) => shellCommand([process.execPath, cliPath, ...args]);
const asNobody = (command: string) => `setpriv --reuid=nobody --regid=nogroup --clear-groups -- ${command}`;

async function expectSecretsKept(machine: Sandbox, processManager: string): Promise<void> {
  await machine.succeed(`cat > /root/processes.ts <<'EOF'\n${model}EOF`);
  const deployed = await machine.exec(procform('switch', '-P', processManager, '/root/processes.ts'), { env: { NO_COLOR: '1' } });
  expect(deployed.code, deployed.stderr).toBe(0);
  try {
    const status = JSON.parse(await machine.succeed(procform('status', '--json'))) as { pid: number }[];
    // The process got its environment...
    expect(await machine.succeed(`tr '\\0' '\\n' < /proc/${status[0]!.pid}/environ`)).toContain('API_KEY=s3cr3t-1234\n');
    // ... which the store holds, readable by root only.
    expect(await machine.succeed('grep -rlse s3cr3t /var/lib/procform/store || true')).not.toBe('');
    expect(await machine.succeed(asNobody('grep -rlse s3cr3t /var/lib/procform/store || true'))).toBe('');
    // One mode for logs, whoever writes them.
    expect(await machine.succeed('stat -c %a /var/log/pfsecret.log')).toBe('640\n');

    for (const args of [['status'], ['logs'], ['logs', 'pfsecret'], ['down']]) {
      const refused = await machine.exec(asNobody(procform(...args, '--state-dir', '/var')), { env: { NO_COLOR: '1' } });
      expect({ args, code: refused.code }).toEqual({ args, code: 77 });
      expect(refused.stderr).toMatch(/^error: permission denied: cannot read [^\n]*\/\S+\nhint: Run the command as the user who deployed[^\n]*\n$/);
      expect(refused.stdout).toBe('');
    }
  } finally {
    const down = await machine.exec(procform('down'));
    expect(down.code, down.stderr).toBe(0);
  }
}

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('secrets and permissions (privileged, in sandboxes)', () => {
  let machine: Sandbox;
  beforeAll(async () => {
    machine = await createSandbox({ profile: 'privileged', name: 'permissions' });
  });
  afterAll(() => machine?.destroy());

  for (const processManager of ['builtin', 'supervisord', 'sysvinit']) {
    it(`${processManager}: the environment is in root-only store files, logs are 0640, another user is refused clearly`, async () => {
      await expectSecretsKept(machine, processManager);
    });
  }

  it('systemd: the same', async () => {
    const booted = await createSandbox({ profile: 'privileged', init: 'systemd', name: 'permissions-sd' });
    try {
      await expectSecretsKept(booted, 'systemd');
    } finally {
      await booted.destroy();
    }
  });
});
