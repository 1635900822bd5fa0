import { defineConfig } from 'vitest/config';
import { conformanceFile, conformanceProjects } from './test/conformance/support/projects.ts';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Tests start real processes (nginx, supervisord, sandboxes): generous timeouts, no retries.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'procform', include: ['test/**/*.test.ts'], exclude: [conformanceFile] } },
      // The conformance suite, once per backend that deploys and per profile (docs/contributing.md).
      ...conformanceProjects(),
    ],
  },
});
