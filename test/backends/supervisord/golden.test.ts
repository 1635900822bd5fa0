import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { buildProfile } from '../../../src/build/build-profile.ts';
import { repoRoot } from '../../support/cli.ts';
import { expectGolden } from '../../support/golden.ts';
import { tempDir } from '../../support/temp-dir.ts';

const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));

/** Every file the supervisord build of a model produces, with the wrapper scripts its programs run, and --explain. */
async function renderedFiles(model: string, extraParams: Record<string, unknown> = {}): Promise<string> {
  const dir = tempDir();
  cpSync(join(repoRoot, 'examples/webapps'), dir, { recursive: true });
  const stateDir = join(dir, 'state');
  const built = await buildProfile({ modelFile: join(dir, model), processManager: 'supervisord', dirs: { stateDir }, forceDisableUserChange: false, extraParams });
  const sections: string[] = [];
  const show = (title: string, path: string) => sections.push(`==> ${title} <==\n${readFileSync(path, 'utf8')}`);
  show('supervisord/supervisord.conf', join(built.path, 'supervisord/supervisord.conf'));
  for (const file of readdirSync(join(built.path, 'supervisord/conf.d')).sort()) {
    const path = join(built.path, 'supervisord/conf.d', file);
    show(`supervisord/conf.d/${file}`, path);
    const wrapper = /^command=(\S+-supervisord-wrapper)/m.exec(readFileSync(path, 'utf8'))?.[1];
    if (wrapper) show(wrapper, wrapper);
  }
  const explanations = Object.entries(built.explanations).map(
    ([instance, capabilities]) => `${instance}\n${capabilities.map((capability) => `  ${capability.feature}: ${capability.support}: ${capability.detail}`).join('\n')}`,
  );
  sections.push(`==> procform build -P supervisord --explain <==\n${explanations.join('\n')}\n`);
  return sections.join('\n').replaceAll(stateDir, '<state>');
}

describe('supervisord configuration of the webapps examples', () => {
  it('processes.ts', async () => {
    expectGolden(join(goldenDir, 'webapps.txt'), await renderedFiles('processes.ts'));
  });

  it('processes.ts with the webapp as a daemon (foreground proxy)', async () => {
    expectGolden(join(goldenDir, 'webapps-daemon.txt'), await renderedFiles('processes.ts', { webappMode: 'daemon' }));
  });

  it('processes-advanced.ts', async () => {
    expectGolden(join(goldenDir, 'webapps-advanced.txt'), await renderedFiles('processes-advanced.ts'));
  });
});
