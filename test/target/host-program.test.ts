import { describe, expect, it } from 'vitest';
import { ProcformError } from '../../src/errors.ts';
import { hostProgram } from '../../src/target/resolve-tool.ts';

class ManagerError extends ProcformError {}
const need = { neededBy: '-P example', install: 'apt-get install example-tools' };

describe('hostProgram: a program a driver runs on this host', () => {
  it('is found in the system folders, by absolute path', () => {
    expect(hostProgram('sh', need, ManagerError)).toMatch(/^\/(usr\/)?bin\/sh$/);
  });

  it('is missing with the backend\'s own error, naming who needs it and how to install it', () => {
    const missing = (): string => hostProgram('procform-no-such-manager-tool', need, ManagerError);
    expect(missing).toThrow(ManagerError);
    expect(missing).toThrow(/^-P example needs procform-no-such-manager-tool: executable "procform-no-such-manager-tool" was not found/);
    try {
      missing();
    } catch (error) {
      expect((error as ManagerError).hint).toBe('Install it: apt-get install example-tools');
    }
  });
});
