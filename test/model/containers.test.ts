import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareProfile } from '../../src/build/build-profile.ts';
import { ModelError } from '../../src/errors.ts';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import { repoRoot } from '../support/cli.ts';
import { evaluateInline } from '../support/evaluate.ts';
import { tempDir } from '../support/temp-dir.ts';

const sh = '/bin/sh';
// Untyped on purpose: the model may come from JavaScript, and validation must catch what TypeScript would.
const provider = (name: string, properties: Record<string, unknown> = { port: 1 }) => ({
  pkg: createManagedProcess({ process: sh }),
  providesContainer: { name, type: 'mariadb-database', properties: properties as Record<string, number> },
});

async function modelError(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('container providers', () => {
  it('record the containers they provide in the manifest, one per instance', async () => {
    const dir = tempDir();
    const file = join(dir, 'processes.ts');
    // Two instances of the PostgreSQL container provider: the seed's -primary and -secondary.
    writeFileSync(
      file,
      `import { postgresqlContainerProvider } from ${JSON.stringify(join(repoRoot, 'services/index.ts'))};
export default (ctx) => ({
  primary: postgresqlContainerProvider(ctx)({ port: 5432, instanceSuffix: '-primary' }),
  secondary: postgresqlContainerProvider(ctx)({ port: 5433, instanceSuffix: '-secondary' }),
  plain: { pkg: { kind: 'managed-process', process: '/bin/sh' } },
});
`,
    );
    const { manifest } = await prepareProfile({ modelFile: file, processManager: 'none', dirs: { stateDir: join(dir, 'state') }, forceDisableUserChange: false });
    expect(manifest.instances.primary!.container).toEqual({
      name: 'postgresql-database-primary',
      type: 'postgresql-database',
      properties: { postgresqlPort: 5432, postgresqlRuntimeDir: join(dir, 'state/run/postgresql-primary'), postgresqlUsername: 'postgresql-primary' },
    });
    expect(manifest.instances.secondary!.container).toMatchObject({ name: 'postgresql-database-secondary', properties: { postgresqlPort: 5433 } });
    expect(manifest.instances.plain).not.toHaveProperty('container');
  });

  it('may not provide two containers of one name', async () => {
    const error = await modelError(evaluateInline(() => ({ a: provider('mysql-database'), b: provider('mysql-database') })));
    expect(error.problems).toEqual([
      { instance: 'b', field: 'providesContainer.name', message: expect.stringMatching(/provides container "mysql-database", like instance "a"/) },
    ]);
  });

  it('describe a container as a name, a type and scalar properties', async () => {
    const error = await modelError(evaluateInline(() => ({ a: provider('bad name'), b: provider('ok', { port: { nested: 1 } }) })));
    expect(error.problems.map((problem) => [problem.instance, problem.field])).toEqual([
      ['a', 'providesContainer.name'],
      ['b', 'providesContainer.properties.port'],
    ]);
  });
});
