import { describe, it, onTestFinished } from 'vitest';
import { usePrivateDockerd } from '../../support/docker-suite.ts';
import { hasDocker } from '../../support/private-dockerd.ts';
import { checkWebappsSwitch } from '../../support/webapps-switch.ts';

describe.runIf(hasDocker())('the webapps example on docker, against a private dockerd', () => {
  const dockerd = usePrivateDockerd();

  it('deploys, recreates only what a change touches, has docker restart a crashed webapp, proxies daemons, and goes down without leftovers', async () => {
    // Every procform command the flow runs talks to the private daemon.
    const previousHost = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = dockerd().host;
    onTestFinished(() => {
      if (previousHost === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previousHost;
    });
    await checkWebappsSwitch('docker');
  }, 600_000);
});
