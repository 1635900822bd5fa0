// The seed's container-provider scenario on a real machine: MariaDB (two instances) and PostgreSQL
// deployed by the machine's procform as container providers, captured, and databases with their
// schemas deployed into them, each with a page answering from its database.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNetwork } from './support/test-network.ts';
import { createTestNetwork } from './support/test-network.ts';

const fixtures = new URL('./fixtures/databases/', import.meta.url).pathname;

describe.runIf(process.getuid?.() === 0)('procform deploy: databases in container providers', { timeout: 300_000 }, () => {
  let network: TestNetwork;
  let dir: string;
  beforeAll(async () => {
    network = await createTestNetwork({ machines: ['test1'] });
    dir = join(network.dir, 'databases');
    cpSync(fixtures, dir, { recursive: true });
    const providers = await network.coordinator(['ssh', '-F', network.sshConfig, network.machine('test1').address, `procform switch ${join(dir, 'providers.ts')}`], { timeoutMs: 240_000 });
    expect(providers.code, providers.stdout + providers.stderr).toBe(0);
    network.writeInfrastructure(join(dir, 'bootstrap.ts'));
    const captured = await network.procform(['capture-infra', 'bootstrap.ts'], { cwd: dir });
    expect(captured.code, captured.stderr).toBe(0);
    writeFileSync(join(dir, 'infrastructure.ts'), captured.stdout);
  }, 300_000);
  afterAll(async () => {
    await network?.destroy();
  });

  const deploy = (distribution: string, ...more: string[]) =>
    network.procform(['deploy', '-s', 'services.ts', '-i', 'infrastructure.ts', '-d', distribution, '--state-dir', join(network.dir, 'coordinator'), ...more], { cwd: dir, timeoutMs: 240_000 });
  const ask = async (port: number) =>
    (await network.coordinator([process.execPath, '-e', 'fetch(process.argv[1]).then(async (r) => process.stdout.write(r.status + " " + (await r.text())))', `http://${network.machine('test1').address}:${port}/`])).stdout;
  const onTest1 = async (command: string) => {
    const result = await network.coordinator(['ssh', '-F', network.sshConfig, network.machine('test1').address, command]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };

  it('creates each database with its schema in its container, and the pages answer from them', async () => {
    const deployed = await deploy('distribution.ts');
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stderr).toContain('database rooms created in mysql-database-primary');
    expect(deployed.stderr).toContain('database staff created in mysql-database-secondary');
    expect(deployed.stderr).toContain('database zipcodes created in postgresql-database-primary');
    expect(deployed.stderr).toContain('generation 1: 6 activated, 0 deactivated');
    expect(await ask(9001)).toBe('200 Aula\nLibrary\n');
    expect(await ask(9002)).toBe('200 Alice\nBob\n');
    expect(await ask(9003)).toBe('200 1012\n2628\n');
  });

  it('moves a database to the other MariaDB: created there, its data kept in the first, its page follows', async () => {
    const dryRun = await deploy('distribution-moved.ts', '--dry-run');
    expect(dryRun.stdout).toBe('deactivate rooms on test1 (mysql-database-primary)\nactivate rooms on test1 (mysql-database-secondary)\nactivate roomsPage on test1 (process)\n');
    const moved = await deploy('distribution-moved.ts');
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).toContain('database rooms in mysql-database-primary on test1 is no longer deployed; its data is kept');
    expect(moved.stderr).toContain('database rooms created in mysql-database-secondary');
    expect(await ask(9001)).toBe('200 Aula\nLibrary\n');
    // The page now asks the secondary; the primary still has the data.
    const statuses = JSON.parse(await onTest1('procform status --json --profile network-process --runtime-dir /var/run/procform-network-process')) as { instance: string; pid: number }[];
    const page = statuses.find((status) => status.instance === 'roomsPage')!;
    expect(await onTest1(`tr '\\0' ' ' < /proc/${page.pid}/cmdline`)).toContain(' mysql /var/run/mariadb-secondary/mysqld.sock 3307 mariadb-secondary rooms ');
    expect(await onTest1("runuser -u mariadb-primary -- mariadb --no-defaults --socket=/var/run/mariadb-primary/mysqld.sock -u mariadb-primary -N -e 'SELECT COUNT(*) FROM rooms' rooms")).toBe('2\n');
  });
});
