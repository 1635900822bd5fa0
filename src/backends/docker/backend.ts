// docker: each instance a container of its own, from an image of its own closure, on the host
// network, with the deployment's folders as volumes (upstream's createDockerContainer).
import type { Backend } from '../types.ts';
import { requireDocker } from './docker-cli.ts';
import { explainDocker } from './explain.ts';
import { lowerDocker } from './lower.ts';
import type { DockerParams } from './params.ts';
import { renderDocker } from './render.ts';

export const dockerBackend: Backend<DockerParams> = {
  name: 'docker',
  lower: lowerDocker,
  render: renderDocker,
  explain: explainDocker,
  // Checked when a deployment loads the driver, before it changes anything.
  driver: async () => {
    await requireDocker();
    return (await import('./driver.ts')).dockerDriver;
  },
};
