// A web application deployed into a Tomcat container provider that the machine's procform runs.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { createTestNetwork } from './support/test-network.ts';

const fixtures = new URL('./fixtures/tomcat/', import.meta.url).pathname;

describe.runIf(process.getuid?.() === 0)('procform deploy: a web application in Tomcat', { timeout: 400_000 }, () => {
  it('puts it into the container, where Tomcat serves it, and takes it out again', async () => {
    const network = await createTestNetwork({ machines: ['test1'] });
    try {
      const dir = join(network.dir, 'tomcat');
      cpSync(fixtures, dir, { recursive: true });
      const test1 = network.machine('test1');
      const onTest1 = (command: string) => network.coordinator(['ssh', '-F', network.sshConfig, test1.address, command], { timeoutMs: 300_000 });
      const providers = await onTest1(`procform switch ${join(dir, 'providers.ts')}`);
      expect(providers.code, providers.stdout + providers.stderr).toBe(0);
      network.writeInfrastructure(join(dir, 'bootstrap.ts'));
      const captured = await network.procform(['capture-infra', 'bootstrap.ts'], { cwd: dir });
      expect(captured.code, captured.stderr).toBe(0);
      expect(captured.stdout).toContain('"tomcat-webapplication-primary"');
      writeFileSync(join(dir, 'infrastructure.ts'), captured.stdout);
      const deploy = (distribution: string) => network.procform(['deploy', '-d', distribution, '--state-dir', join(network.dir, 'coordinator')], { cwd: dir, timeoutMs: 300_000 });
      const page = async () => (await onTest1('curl -s -o /dev/stdout -w " %{http_code}" http://127.0.0.1:8080/hello/')).stdout;

      const deployed = await deploy('distribution.ts');
      expect(deployed.code, deployed.stderr).toBe(0);
      expect(deployed.stderr).toContain('web application hello put into tomcat-webapplication-primary');
      // Tomcat deploys what appears in webapps/ on its next background check.
      await eventually(async () => (await page()).endsWith(' 200'), 120_000, 'Tomcat serving /hello/');
      expect(await page()).toBe('<p>Hello from a web application procform deployed</p>\n 200');

      const removed = await deploy('distribution-empty.ts');
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stderr).toContain('web application hello taken out of tomcat-webapplication-primary');
      await eventually(async () => (await page()).endsWith(' 404'), 120_000, 'Tomcat no longer serving /hello/');
    } finally {
      await network.destroy();
    }
  });
});
