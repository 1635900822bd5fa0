import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import { defineService } from '../../src/network/define-network.ts';
import type { NetworkFiles } from '../../src/network/load-network.ts';
import { checkNetwork, loadInfrastructure, loadNetwork } from '../../src/network/load-network.ts';
import { NetworkModelError } from '../../src/network/network-error.ts';
import type { Machines, Services } from '../../src/network/types.ts';
import { repoRoot } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const files: NetworkFiles = { services: 'services.ts', infrastructure: 'infrastructure.ts', distribution: 'distribution.ts' };
const machines: Machines = {
  test1: { host: '10.0.0.1', containers: { 'mysql-database-primary': { type: 'mysql-database', properties: { mysqlPort: 3306 } }, 'mysql-database-secondary': { type: 'mysql-database', properties: { mysqlPort: 3307 } } } },
  test2: { host: '10.0.0.2', processManager: 'supervisord' },
};
const process = createManagedProcess({ process: '/bin/sh' });

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(NetworkModelError);
    return (error as NetworkModelError).message.split('\n');
  }
  throw new Error('expected a NetworkModelError');
}

describe('checkNetwork', () => {
  it('places services in dependency order, with the containers they go into and their dependencies by name', () => {
    const db = defineService({ type: 'mysql-database' });
    const server = defineService({ type: 'process', dependsOn: { db }, pkg: () => process });
    const client = defineService({ type: 'managed-process', dependsOn: { server }, pkg: () => process });
    const placed = checkNetwork(files, machines, { client, server, db }, { client: 'test2', server: 'test1', db: { machine: 'test1', container: 'mysql-database-secondary' } });
    expect(placed.map(({ key, machine, container, dependsOn }) => ({ key, machine, container: container.name, dependsOn }))).toEqual([
      { key: 'db', machine: 'test1', container: 'mysql-database-secondary', dependsOn: {} },
      { key: 'server', machine: 'test1', container: 'process', dependsOn: { db: 'db' } },
      { key: 'client', machine: 'test2', container: 'managed-process', dependsOn: { server: 'server' } },
    ]);
    expect(placed[1]!.container.properties).toEqual({});
    expect(placed[2]!.container.properties).toEqual({ processManager: 'supervisord' });
    expect(placed[0]!.container.properties).toEqual({ mysqlPort: 3307 });
  });

  it('reports every problem at once, each naming its file, service and field', () => {
    const stranger = { type: 'process', pkg: () => process };
    const services = {
      web: { type: 'proces', pkg: () => process },
      noPkg: { type: 'process' },
      dbWithPkg: { type: 'mysql-database', pkg: () => process },
      extra: { type: 'process', pkg: () => process, port: 80 },
      dependent: { type: 'process', pkg: () => process, dependsOn: { stranger } },
      missingFiles: { type: 'mysql-database', files: '/nonexistent/schema.sql' },
    } as unknown as Services;
    const lines = problemsOf(() => checkNetwork(files, machines, services, {}));
    expect(lines[0]).toBe('6 problems in the network models:');
    expect(lines.slice(1)).toEqual([
      'services.ts: service "web": field "type": unknown container type "proces" (did you mean "process"?); known: process, managed-process, mysql-database, postgresql-database, tomcat-webapplication',
      'services.ts: service "noPkg": field "pkg": a service of type "process" needs a constructor: pkg: (ctx, dependencies) => createManagedProcess({ ... })',
      'services.ts: service "dbWithPkg": field "pkg": a service of type "mysql-database" is deployed from files, not run as a process: give them as files',
      'services.ts: service "extra": unknown field "port"',
      'services.ts: service "missingFiles": field "files": /nonexistent/schema.sql does not exist',
      'services.ts: service "dependent": field "dependsOn.stranger": is not a service of this model; add it to defineServices({ ... })',
    ]);
  });

  it('names the distribution\'s mistakes: unknown service or machine, a missing or ambiguous container, an undistributed dependency', () => {
    const db = { type: 'mysql-database' };
    const web = { type: 'process', pkg: () => process, dependsOn: { db } };
    const pg = { type: 'postgresql-database' };
    const lines = problemsOf(() =>
      checkNetwork(files, machines, { db, web, pg, other: { type: 'process', pkg: () => process } }, {
        wbe: 'test1',
        web: 'test1',
        db: 'test1',
        pg: 'test2',
        other: { machine: 'test3' },
      }),
    );
    expect(lines.slice(1)).toEqual([
      'distribution.ts: service "wbe": is not a service of services.ts (did you mean "web"?)',
      'distribution.ts: service "db": field "container": machine "test1" has 2 containers of type "mysql-database" (mysql-database-primary, mysql-database-secondary); choose one: { machine, container: "mysql-database-primary" }',
      'distribution.ts: service "pg": field "container": machine "test2" offers no container of type "postgresql-database"; deploy a container provider there (mariadbContainerProvider, postgresqlContainerProvider) and capture the infrastructure again (procform capture-infra)',
      'distribution.ts: service "other": field "machine": "test3" is not a machine of infrastructure.ts (did you mean "test1"?)',
    ]);
    const named = problemsOf(() => checkNetwork(files, machines, { db }, { db: { machine: 'test1', container: 'process' } }));
    expect(named).toEqual(['distribution.ts: service "db": field "container": machine "test1" has container "process" of type "process", not "mysql-database"']);
    const undistributed = problemsOf(() => checkNetwork(files, machines, { db, web }, { web: 'test1' }));
    expect(undistributed).toEqual(['distribution.ts: service "web": field "dependsOn.db": depends on service "db", which the distribution puts nowhere; distribute it too']);
  });

  it('finds dependency cycles', () => {
    const a: { type: string; pkg: () => typeof process; dependsOn?: Record<string, unknown> } = { type: 'process', pkg: () => process };
    const b = { type: 'process', pkg: () => process, dependsOn: { a } };
    a.dependsOn = { b };
    expect(problemsOf(() => checkNetwork(files, machines, { a, b } as unknown as Services, { a: 'test1', b: 'test2' }))).toEqual(['services.ts: dependency cycle: a → b → a']);
  });
});

describe('loading the models', () => {
  const header = `import { defineDistribution, defineInfrastructure, defineServices, createManagedProcess } from ${JSON.stringify(join(repoRoot, 'src/index.ts'))};\n`;

  function write(dir: string, name: string, text: string): string {
    const file = join(dir, name);
    writeFileSync(file, header + text);
    return file;
  }

  it('loads the three files written with procform\'s functions', async () => {
    const dir = tempDir();
    const network = await loadNetwork({
      infrastructure: write(dir, 'infrastructure.ts', 'export default defineInfrastructure({ test1: { host: "10.0.0.1", user: "root", port: 2222 } });\n'),
      services: write(dir, 'services.ts', 'const hello = { type: "process", pkg: () => createManagedProcess({ process: "/bin/sh" }) };\nexport default defineServices({ hello });\n'),
      distribution: write(dir, 'distribution.ts', 'export default defineDistribution({ hello: "test1" });\n'),
    });
    expect(network.machines).toEqual({ test1: { host: '10.0.0.1', user: 'root', port: 2222 } });
    expect(network.placed.map((entry) => `${entry.key}@${entry.machine}`)).toEqual(['hello@test1']);
  });

  it('names the file and machine of a malformed infrastructure, and a file of the wrong kind', async () => {
    const dir = tempDir();
    const infrastructure = write(dir, 'infrastructure.ts', 'export default defineInfrastructure({ test1: { hots: "10.0.0.1" }, test2: { host: "h", port: 0 } });\n');
    const error = await loadInfrastructure(infrastructure).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(NetworkModelError);
    expect((error as Error).message.split('\n').slice(1)).toEqual([
      `${infrastructure}: machine "test1": field "host": Invalid input: expected string, received undefined`,
      `${infrastructure}: machine "test1": unknown field "hots"`,
      `${infrastructure}: machine "test2": field "port": Too small: expected number to be >=1`,
    ]);
    const wrongKind = write(dir, 'services.ts', 'export default defineServices({});\n');
    await expect(loadInfrastructure(wrongKind)).rejects.toThrow(`${wrongKind}: the default export is not an infrastructure model`);
    await expect(loadInfrastructure(join(dir, 'missing.ts'))).rejects.toThrow(`${join(dir, 'missing.ts')}: the infrastructure model does not exist`);
  });
});
