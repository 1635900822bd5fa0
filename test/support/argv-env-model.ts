import { fileURLToPath } from 'node:url';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import type { Instances, ProcessContext } from '../../src/model/types.ts';

/** Values that break naive quoting in shells, INI files, unit files and init scripts. */
export const nastyValues = [
  'two words',
  "single ' quote",
  'double " quote',
  'dollar $HOME ${HOME} $(id)',
  'backtick `id`',
  'percent %h %% %(ENV_HOME)s',
  'backslash \\ \\n \\\\',
  'new\nline',
  'tab\there',
  'unicode: żółć 日本語 🚀',
  '-leading-dash',
  '',
];

export const probeScript = fileURLToPath(new URL('../fixtures/print-argv-env.mjs', import.meta.url));

/**
 * One instance running print-argv-env.mjs with every nasty value as an argument and as an
 * environment variable (VALUE_0, VALUE_1, …). Compare what it wrote to `expectedArgv`/`expectedEnv`.
 */
export function argvEnvModel(outFile: string): (ctx: ProcessContext) => Instances {
  return () => ({
    probe: {
      pkg: createManagedProcess({
        foregroundProcess: process.execPath,
        foregroundProcessArgs: [probeScript, ...nastyValues],
        environment: { PROCFORM_PROBE_OUT: outFile, ...expectedEnv() },
        restart: 'no',
      }),
    },
  });
}

export const expectedArgv = (): string[] => [...nastyValues];

export function expectedEnv(): Record<string, string> {
  return Object.fromEntries(nastyValues.map((value, index) => [`VALUE_${index}`, value]));
}
