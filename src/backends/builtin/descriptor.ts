import { controlPaths, supervisorLogFile } from './supervisor/paths.ts';
import { pidFileCommand, tailCommand } from '../../testing/manager-commands.ts';
import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';

export const builtin: BackendDescriptor = {
  name: 'builtin',
  deploysWith: "procform's own supervisor, one per state folder",
  notes: 'needs only Node; readiness-gated ordering, backoff, log rotation, no orphans',
  docs: 'docs/builtin.md',
  oneProfilePerRuntimeDir: true,
  warmUp: async (dirs) => (await import('./start-supervisor.ts')).startSupervisorEarly(dirs),
  load: async () => (await import('./backend.ts')).builtinBackend as unknown as Backend,
  testing: {
    init: 'none',
    programs: [],
    // The supervisor's PID file says "PID START_TIME".
    managerPid: ({ dirs }) => pidFileCommand(controlPaths(dirs.runtimeDir).pidFile),
    managerLog: ({ dirs }, lines) => tailCommand(supervisorLogFile(dirs.logDir), lines),
  },
};
