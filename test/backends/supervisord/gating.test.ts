import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { supervisordDeployment } from './deployment.ts';

// A dependency that becomes ready (its file appears) two seconds after it starts, and a dependent
// that notes whether the file was there when it started.
const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((ctx) => {
  const { dir, generation } = ctx.extraParams as { dir: string; generation: number };
  const ready = \`\${dir}/slow-ready-\${generation}\`;
  const slow = createManagedProcess({
    foregroundProcess: '/bin/sh',
    foregroundProcessArgs: ['-c', \`sleep 2; touch \${ready}; exec sleep 1000\`],
    readiness: { kind: 'file', path: ready },
  });
  const dependent = createManagedProcess({
    foregroundProcess: '/bin/sh',
    foregroundProcessArgs: ['-c', \`if [ -e \${ready} ]; then echo ready; else echo early; fi > \${dir}/dependent-\${generation}; exec sleep 1000\`],
    dependencies: [slow],
  });
  return { slow: { pkg: slow }, dependent: { pkg: dependent } };
});
`;

describe('readiness gating on supervisord', () => {
  it('starts a dependent only once its slow dependency is ready, whether supervisord or the switch starts it', async () => {
    const deployment = supervisordDeployment();
    const file = join(deployment.dir, 'gating.ts');
    writeFileSync(file, model);
    const saw = (generation: number) => readFileSync(join(deployment.dir, `dependent-${generation}`), 'utf8').trim();
    const startedAfterReady = (generation: number) =>
      statSync(join(deployment.dir, `dependent-${generation}`)).mtimeMs >= statSync(join(deployment.dir, `slow-ready-${generation}`)).mtimeMs;

    // No supervisord runs yet: the switch starts one, which starts both programs at once (by
    // priority); the dependent's wrapper holds it back.
    const first = await deployment.switchTo(file, ['--extra-params', JSON.stringify({ dir: deployment.dir, generation: 1 })]);
    expect(first.stderr).toContain('starting supervisord');
    expect(saw(1)).toBe('ready');
    expect(startedAfterReady(1)).toBe(true);

    // supervisord runs: the switch itself adds the dependent only once the dependency is ready.
    const second = await deployment.switchTo(file, ['--extra-params', JSON.stringify({ dir: deployment.dir, generation: 2 })]);
    expect(second.stderr).not.toContain('starting supervisord');
    expect(second.stderr.indexOf('ready    slow')).toBeLessThan(second.stderr.indexOf('starting dependent'));
    expect(saw(2)).toBe('ready');
    expect(startedAfterReady(2)).toBe(true);
  });

  it('reports a program ready whose check takes more than a second, as a client program does on a loaded machine', async () => {
    const deployment = supervisordDeployment();
    const file = join(deployment.dir, 'slow-check.ts');
    writeFileSync(
      file,
      `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  server: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', foregroundProcessArgs: [1000], readiness: { kind: 'exec', command: 'sleep 1.5' } }) },
}));
`,
    );
    await deployment.switchTo(file);
    expect((await deployment.status()).server).toMatchObject({ state: 'running', ready: true });
  });
});
