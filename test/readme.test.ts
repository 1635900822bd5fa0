import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSandbox } from '../src/sandbox/index.ts';
import { readManifest } from '../src/build/manifest.ts';
import { shellQuote } from '../src/shell/quote.ts';
import { repoRoot, runCli } from './support/cli.ts';
import { tempDir } from './support/temp-dir.ts';

/** The two set-up command lines: the first and second sh blocks of the README's Set-up section. */
export function setupLines(): { main: string; test: string } {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Set-up'));
  const blocks = [...section.matchAll(/```sh\n([^\n]+)\n```/g)].map((match) => match[1]!);
  return { main: blocks[0]!, test: blocks[1]! };
}

/** A fresh copy of the repository as a clone would have it: tracked and new files, nothing ignored. */
function freshClone(): string {
  const dir = tempDir('procform-clone-');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      copyFileSync(join(repoRoot, file), join(dir, file));
    } catch {
      // Deleted in the working tree but still in the index: a clone would not have it either.
    }
  }
  return dir;
}

const asRoot = process.getuid?.() === 0;

describe('the README', () => {
  it('its model section builds, and shows a second instance of one constructor made with instanceSuffix', async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## A processes model'));
    const model = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    expect(model).toMatch(/instanceSuffix: '2'/);
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), model);
    const built = await runCli(['build', join(dir, 'processes.ts'), '-P', 'none', '--state-dir', join(dir, 'state'), '--force-disable-user-change']);
    expect(built.stderr).toBe('');
    const manifest = await readManifest(built.stdout.trim());
    expect(Object.fromEntries(Object.values(manifest.instances).map((entry) => [entry.instance, entry.name]))).toEqual({ webapp: 'webapp', webapp2: 'webapp2', nginx: 'nginx' });
    expect(manifest.instances.webapp2!.spec.pidFile).not.toBe(manifest.instances.webapp!.spec.pidFile);
  });

  it("CI runs exactly the README's test line", () => {
    const ci = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    expect(ci.split('\n')).toContain(setupLines().test);
  });

  // The main line deploys privileged as root and so creates users: run it in a machine of its own
  // (a sandbox with a private /etc), from a fresh clone, as a new user would on a fresh Debian.
  it.runIf(asRoot)('its main set-up line deploys the example in a fresh clone; test machines made after it would see none of it; down undoes it', async () => {
    const clone = freshClone();
    const npmCache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
    const machine = await createSandbox({ profile: 'privileged', name: 'readme', binds: [{ source: clone }, { source: npmCache }] });
    onTestFinished(() => machine.destroy());
    // The sandbox has no network: npm installs from the cache the CI's own `npm ci` filled.
    const run = (command: string) => machine.exec(command, { cwd: clone, env: { npm_config_offline: 'true' }, timeoutMs: 300_000 });

    const main = await run(setupLines().main);
    expect(main.code, main.stderr).toBe(0);
    expect(main.stdout).toContain('Simple test webapp listening on port: 5000');
    expect((await run('getent passwd webapp nginx')).stdout).toMatch(/^webapp:.*\nnginx:/);

    // Then the second line, on this machine: its test machines must see nothing of the example
    // (test/sandbox/host-deployments.test.ts shows that they hide what this finds).
    const hidden = JSON.parse(await machine.succeed(`node --input-type=module -e ${shellQuote(`import { hostDeployments } from ${JSON.stringify(join(clone, 'dist/src/sandbox/host-deployments.js'))}; console.log(JSON.stringify(hostDeployments()))`)}`));
    expect(hidden).toMatchObject({
      folders: ['/var/lib/procform', '/etc/procform'],
      files: expect.arrayContaining(['/var/log/nginx.log', '/var/log/procform-builtin.log', '/var/log/webapp.log']),
      users: ['nginx', 'webapp'],
      groups: ['nginx', 'webapp'],
    });

    const down = await run('npx procform down');
    expect(down.code, down.stderr).toBe(0);
    expect((await run('getent passwd webapp nginx')).code).toBe(2);
    expect((await run('ps -eo comm= | grep -cE "^(nginx|node)$"')).stdout.trim()).toBe('0');
  }, 300_000);
});
