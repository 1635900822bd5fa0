import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SandboxError } from '../../src/sandbox/index.ts';
import { hiddenInSandbox } from '../../src/sandbox/procform-bind.ts';
import { resolveBinds } from '../../src/sandbox/resolve-binds.ts';
import { sandboxId } from '../../src/sandbox/sandbox-id.ts';

describe('sandbox options', () => {
  it('makes unique ids from a readable name, and refuses names unfit for hostnames', () => {
    expect(sandboxId('web')).toMatch(/^web-[0-9a-f]{8}$/);
    expect(sandboxId()).not.toBe(sandboxId());
    expect(() => sandboxId('Bad Name')).toThrow(SandboxError);
  });

  it('checks binds before creating anything', () => {
    const folder = mkdtempSync(join(tmpdir(), 'procform-binds-'));
    onTestFinished(() => rmSync(folder, { recursive: true }));
    expect(resolveBinds([{ source: folder }, { source: folder, target: '/srv/x/', readOnly: true }])).toEqual([
      { source: folder, target: folder, readOnly: false },
      { source: folder, target: '/srv/x/', readOnly: true },
    ]);
    expect(() => resolveBinds([{ source: join(folder, 'missing') }])).toThrow(/does not exist/);
    expect(() => resolveBinds([{ source: 'relative' }])).toThrow(/absolute/);
    expect(() => resolveBinds([{ source: folder, target: '/' }])).toThrow(/root folder/);
  });

  it('knows which host folders a sandbox would not show, so procform binds its own checkout there', () => {
    expect(hiddenInSandbox('/work/procform', true)).toBe(false);
    expect(hiddenInSandbox('/home/runner/work/procform', true)).toBe(true);
    expect(hiddenInSandbox('/tmp/checkout', true)).toBe(true);
    expect(hiddenInSandbox('/homestead/procform', true)).toBe(false);
    expect(hiddenInSandbox('/mnt/disk/procform', false)).toBe(true);
  });
});
