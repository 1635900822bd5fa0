import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSuccess, runCli } from '../support/cli.ts';
import { expectGolden } from '../support/golden.ts';
import { tempDir } from '../support/temp-dir.ts';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;

describe('procform visualize', () => {
  it('draws machines, containers, services and dependency arrows as DOT, and as SVG through Graphviz', async () => {
    const dir = tempDir();
    const infrastructure = join(dir, 'infrastructure.ts');
    writeFileSync(
      infrastructure,
      `import { defineInfrastructure } from 'procform';
export default defineInfrastructure({
  test1: { host: '10.0.0.1', containers: { 'mysql-database-primary': { type: 'mysql-database', properties: {} }, 'mysql-database-secondary': { type: 'mysql-database', properties: {} }, 'postgresql-database-primary': { type: 'postgresql-database', properties: {} } } },
  test2: { host: '10.0.0.2' },
});
`,
    );
    const args = ['visualize', '-s', join(fixtures, 'databases/services.ts'), '-i', infrastructure, '-d', join(fixtures, 'databases/distribution.ts')];
    const dot = expectSuccess(await runCli(args), args);
    expectGolden(join(fixtures, 'visualize/databases.dot'), dot.stdout);

    const svg = expectSuccess(await runCli([...args, '--svg']), args);
    expect(svg.stdout).toContain('<svg');
    for (const label of ['test1 (10.0.0.1)', 'test2 (10.0.0.2)', 'mysql&#45;database&#45;secondary', 'roomsPage']) expect(svg.stdout).toContain(`>${label}</text>`);
  });

  it('says when nothing was deployed and no models are given', async () => {
    const result = await runCli(['visualize', '--state-dir', tempDir()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: nothing is deployed by the network deployment "default"');
  });
});
