// What a supervisord program section can carry itself, for the shared launch plan: the rest goes
// into the wrapper script.
import type { ManagerAbilities } from '../../runtime/launch-plan.ts';
import { commandLine, environmentValue } from './escape.ts';
import { programLogFile } from './paths.ts';

export const supervisordAbilities: ManagerAbilities = {
  carriesArgv: (argv) => commandLine(argv) !== null,
  carriesEnvironmentValue: (value) => environmentValue(value) !== null,
  logFile: programLogFile,
};
