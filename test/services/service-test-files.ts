import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.ts';

/** Every service model's test file and the seed's larger examples': what CI runs as one matrix. */
export const servicesTestFiles = [
  ...readdirSync(join(repoRoot, 'examples/services'))
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .map((file) => `examples/services/${file}`),
  'examples/tomcat-mariadb/test.ts',
  'examples/build-queue/test.ts',
];

/** The processes model each test file tests. */
export const servicesModels = servicesTestFiles.map((file) => (file.endsWith('/test.ts') ? file.replace(/test\.ts$/, 'processes.ts') : file.replace(/\.test\.ts$/, '.ts')));
