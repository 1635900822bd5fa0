// A machine with Node but without procform gets the coordinator's procform copied to it.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestNetwork } from './support/test-network.ts';

const fixtures = new URL('./fixtures/hello/', import.meta.url).pathname;

describe.runIf(process.getuid?.() === 0)('procform deploy to a machine without procform', { timeout: 300_000 }, () => {
  it('copies its own procform there, deploys with it, and reuses the copy next time', async () => {
    const network = await createTestNetwork({ machines: ['bare'], withProcform: false });
    try {
      const dir = join(network.dir, 'hello');
      cpSync(fixtures, dir, { recursive: true });
      network.writeInfrastructure(join(dir, 'infrastructure.ts'));
      writeFileSync(join(dir, 'only-server.ts'), "import { defineDistribution } from 'procform';\nexport default defineDistribution({ server: 'bare' });\n");
      const bare = network.machine('bare');
      expect((await bare.sandbox.exec('command -v procform', { user: 'root' })).code).not.toBe(0);

      const args = ['deploy', '-d', 'only-server.ts', '--state-dir', join(network.dir, 'coordinator')];
      const first = await network.procform(args, { cwd: dir, timeoutMs: 240_000 });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toMatch(/phase 1: bare has no procform: using a copy of this one there \(\/root\/\.procform\/runtime\/\d+\.\d+\.\d+-[0-9a-f]{16}\/bin\/procform\)/);
      const answer = await network.coordinator([process.execPath, '-e', 'fetch(process.argv[1]).then(async (r) => process.stdout.write(await r.text()))', `http://${bare.address}:8000/`]);
      expect(answer.stdout).toBe(`Hello world from ${bare.sandbox.id}\n`);
      // The copy, not the coordinator's installation, runs there.
      expect(await bare.sandbox.succeed('ls /root/.procform/runtime/*/dist/src/cli/main.js /root/.procform/runtime/*/node_modules/zod/package.json', { user: 'root' })).toMatch(/main\.js/);

      const again = await network.procform(args, { cwd: dir, timeoutMs: 240_000 });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain('nothing to do');
    } finally {
      await network.destroy();
    }
  });
});
