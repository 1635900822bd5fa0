// disnix: Disnix's `process` container (Dysnomia's process module) as a process manager, as
// upstream's disnix backend: no supervising manager at all. Each instance is a wrapper that starts
// a daemon (a foreground process through procform-daemonize) and leaves a PID file; procform's
// switch orders starts and stops by dependencies, waits for readiness, stops by PID file and
// records generations (driver.ts), which upstream leaves to disnix-deploy.
import type { Backend } from '../types.ts';
import { explainDisnix } from './explain.ts';
import { lowerDisnix } from './lower.ts';
import type { DisnixParams } from './params.ts';
import { renderDisnix, renderDysnomiaConfigs } from './render.ts';

export const disnixBackend: Backend<DisnixParams> = {
  name: 'disnix',
  lower: lowerDisnix,
  render: renderDisnix,
  renderProfile: renderDysnomiaConfigs,
  explain: explainDisnix,
  driver: async () => (await import('./driver.ts')).disnixDriver,
};
