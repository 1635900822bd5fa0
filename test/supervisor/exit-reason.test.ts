import { describe, expect, it } from 'vitest';
import { explainExit } from '../../src/supervisor/exit-reason.ts';

describe('explainExit', () => {
  it('explains exit codes and signals in words', () => {
    expect(explainExit(127, null)).toBe('exited 127: command not found');
    expect(explainExit(126, null)).toMatch(/^exited 126: not executable/);
    expect(explainExit(0, null)).toBe('exited 0 (success)');
    expect(explainExit(3, null)).toBe('exited 3');
    expect(explainExit(null, 'SIGSEGV')).toBe('killed by SIGSEGV (segmentation fault)');
    expect(explainExit(null, 'SIGKILL')).toBe('killed by SIGKILL (killed)');
    expect(explainExit(137, null)).toBe('exited 137: its program was killed by SIGKILL (killed)');
    expect(explainExit(null, 'SIGUSR1')).toBe('killed by SIGUSR1');
  });
});
