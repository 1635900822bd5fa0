import { describe, expect, it } from 'vitest';
import { TestDefinitionError } from '../../src/testing/errors.ts';
import { isTestService, testService } from '../../src/testing/test-service.ts';
import type { TestServiceOptions } from '../../src/testing/types.ts';

describe('testService', () => {
  it('returns the options, tagged as data', () => {
    const test = testService({ exprFile: './processes.ts', processManagers: ['builtin'], tests: () => {} });
    expect(isTestService(test)).toBe(true);
    expect(test.options.processManagers).toEqual(['builtin']);
    expect(isTestService({ ...test })).toBe(true); // a copy from another module instance still counts
    expect(isTestService({ exprFile: 'x' })).toBe(false);
  });

  it('rejects every mistake at once, naming the option, before any machine starts', () => {
    const bad = {
      exprFile: '',
      processManagers: ['supervisor', 'none'],
      profiles: ['root'],
      tets: () => {},
      readiness: 'wait',
      packages: ['Nginx!'],
    } as unknown as TestServiceOptions;
    let error: unknown;
    try {
      testService(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TestDefinitionError);
    const message = (error as Error).message;
    for (const part of ['unknown option "tets"', '"exprFile" must name', '"supervisor" is not a process manager', '"none" is not a process manager', '"root" is not a profile', '"readiness" must be a function', '"Nginx!" is not a Debian package']) {
      expect(message).toContain(part);
    }
    expect((error as TestDefinitionError).hint).toContain('initialTests');
  });
});
