// supervisord (Supervisor 4): one [program:x] file per instance, a base supervisord.conf per
// profile that includes them, and a driver that runs and updates a supervisord per deployment.
import type { Backend } from '../types.ts';
import { baseConfig } from './base-config.ts';
import { explainProgram } from './explain.ts';
import type { SupervisordProgram } from './lower.ts';
import { lowerProgram } from './lower.ts';
import { BASE_CONFIG_FILE, programFile } from './paths.ts';
import { renderProgram } from './render.ts';

export const supervisordBackend: Backend<SupervisordProgram> = {
  name: 'supervisord',
  lower: lowerProgram,
  render: (program, { spec }) => ({ [programFile(spec.name)]: renderProgram(program, spec) }),
  renderProfile: (_instances, ctx) => ({ [BASE_CONFIG_FILE]: baseConfig(ctx) }),
  explain: explainProgram,
  driver: async () => (await import('./driver.ts')).supervisordDriver,
};
