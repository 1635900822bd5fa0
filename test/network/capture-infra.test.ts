// capture-infra against real machines: sshd and procform on sandbox machines of a test network.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInfrastructure } from '../../src/network/load-network.ts';
import { repoRoot } from '../support/cli.ts';
import type { TestNetwork } from './support/test-network.ts';
import { createTestNetwork } from './support/test-network.ts';

describe.runIf(process.getuid?.() === 0)('procform capture-infra', { timeout: 300_000 }, () => {
  let network: TestNetwork;
  beforeAll(async () => {
    network = await createTestNetwork({ machines: ['test1', 'test2', 'nonode'] });
    // test1 runs two container providers, deployed by its own procform.
    const model = join(network.dir, 'providers.ts');
    writeFileSync(
      model,
      `import { mariadbContainerProvider, postgresqlContainerProvider } from ${JSON.stringify(join(repoRoot, 'services/index.ts'))};
export default (ctx) => ({
  'mariadb-primary': mariadbContainerProvider(ctx)({ instanceSuffix: '-primary', port: 3306 }),
  'postgresql-primary': postgresqlContainerProvider(ctx)({ instanceSuffix: '-primary', port: 5432 }),
});
`,
    );
    const deployed = await network.coordinator(['ssh', '-F', network.sshConfig, network.machine('test1').address, `procform switch ${model}`], { timeoutMs: 180_000 });
    expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
    await network.machine('nonode').sandbox.succeed('rm /usr/bin/node', { user: 'root' });
  }, 240_000);
  afterAll(async () => {
    await network?.destroy();
  });

  it('prints the infrastructure model with each machine\'s facts and the containers its deployments provide', async () => {
    const bootstrap = join(network.dir, 'bootstrap.ts');
    network.writeInfrastructure(bootstrap, { only: ['test1', 'test2'], extra: { test1: { properties: { rack: 'a' } } } });
    const json = await network.procform(['capture-infra', '--json', bootstrap]);
    expect(json.code, json.stderr).toBe(0);
    const machines = JSON.parse(json.stdout);
    expect(Object.keys(machines)).toEqual(['test1', 'test2']);
    const test1 = machines.test1;
    expect(test1).toMatchObject({
      properties: { rack: 'a' },
      host: network.machine('test1').address,
      hostname: network.machine('test1').sandbox.id,
      system: 'x86_64-linux',
      nodeVersion: process.version,
      procformVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(test1.processManagers).toContain('builtin');
    expect(test1.containers).toEqual({
      'mysql-database-primary': { type: 'mysql-database', properties: { mysqlPort: 3306, mysqlSocket: '/var/run/mariadb-primary/mysqld.sock', mysqlUsername: 'mariadb-primary' } },
      'postgresql-database-primary': { type: 'postgresql-database', properties: { postgresqlPort: 5432, postgresqlRuntimeDir: '/var/run/postgresql-primary', postgresqlUsername: 'postgresql-primary' } },
    });
    expect(machines.test2.containers).toEqual({});

    // The TypeScript output is an infrastructure model procform loads.
    const typescript = await network.procform(['capture-infra', bootstrap]);
    expect(typescript.code, typescript.stderr).toBe(0);
    const captured = join(network.dir, 'infrastructure.ts');
    writeFileSync(captured, typescript.stdout);
    expect(await loadInfrastructure(captured)).toEqual(machines);
  });

  it('says per machine why it could not be captured: unreachable, no Node, no procform, a refused key', async () => {
    const bootstrap = join(network.dir, 'bad-bootstrap.ts');
    network.writeInfrastructure(bootstrap, {
      extra: { test1: { user: 'nosuchuser' }, test2: { procform: 'procform-missing' } },
      more: { gone: { host: '10.77.0.99', sshOptions: ['-F', network.sshConfig, '-o', 'ConnectTimeout=3'] } },
    });
    const result = await network.procform(['capture-infra', bootstrap]);
    expect(result.code).toBe(69);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('error: capture-infra failed on 4 machines:');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}test1: the machine refused the key \(.*Permission denied \(publickey\)\.?\)$/));
    expect(lines).toContainEqual('  test2: procform is not installed (no `procform-missing` on the login PATH): npm install -g procform, or set the machine\'s `procform`');
    expect(lines).toContainEqual('  nonode: Node.js is not installed (no `node` on the login PATH): install Node ≥ 20');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}gone: unreachable \(.*(No route to host|timed out).*\)$/));
  });
});
