import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.ts';
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

describe('the README', () => {
  it('CI runs exactly the README\'s test line', () => {
    const ci = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    expect(ci.split('\n')).toContain(setupLines().test);
  });

  it('its main set-up line works in a fresh clone', () => {
    const clone = freshClone();
    const state = join(tempDir(), 'state');
    const result = spawnSync('sh', ['-c', setupLines().main], {
      cwd: clone,
      env: { ...process.env, PROCFORM_STATE_DIR: state, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^${state}/lib/procform/store/[0-9a-z]{32}-profile-none$`));
  }, 300_000);
});
