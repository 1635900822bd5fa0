// disnix process wrappers and Dysnomia configurations of the webapps example: golden files and `sh -n`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExampleFor, describeFiles } from '../../support/build-for.ts';
import { repoRoot } from '../../support/cli.ts';
import { expectGolden } from '../../support/golden.ts';

describe('disnix process wrappers', () => {
  it('renders the webapps example: one wrapper per instance, upstream\'s Dysnomia configuration in the profile (golden)', async () => {
    const profile = await buildExampleFor('disnix', 'processes.ts');
    expectGolden(join(repoRoot, 'test/backends/disnix/golden/processes.txt'), describeFiles(profile));
    expect(profile.files['etc/dysnomia/process/nginx']).toMatch(/^process=<?\S+-nginx\/bin\/nginx-process\npidFile=\/var\/run\/nginx\.pid\n$/);
    for (const [file, text] of Object.entries(profile.files).filter(([file]) => file.startsWith('bin/'))) {
      expect(text.startsWith('#!/bin/sh\n'), file).toBe(true);
      const syntax = spawnSync('sh', ['-n'], { input: text, encoding: 'utf8' });
      expect(syntax.status, `${file}: ${syntax.stderr}`).toBe(0);
    }
    // The webapp's automatic mode has both: a foregroundProcess runs under procform-daemonize.
    expect(profile.files['bin/webapp-process']).toMatch(/daemonizer\/main\.js --name webapp .* --user webapp /);
  });
});
