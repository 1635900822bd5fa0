import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.ts';

describe('waitGroupsEmpty', () => {
  it('leaves no timer behind once the group is gone, so a command that stopped something exits then, not at the deadline', () => {
    // A 600 s deadline: were its timer left pending, the script would outlive the 60 s given to it.
    const script = `
      import { spawn } from 'node:child_process';
      import { once } from 'node:events';
      import { waitGroupsEmpty } from './dist/src/process/process-group.js';
      const child = spawn('sleep', ['0.2'], { detached: true, stdio: 'ignore' });
      const exited = once(child, 'exit').then(() => undefined);
      console.log(await waitGroupsEmpty([child.pid], 600_000, exited));
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.signal).toBeNull();
    expect(result.stdout).toBe('true\n');
  });
});
