// Benchmark of network deployment (src/network): `procform deploy` to 2, 5 and 10 sandbox machines
// of a test network (each its own network namespace and sshd), a first deploy, a deploy that
// changes nothing, and an upgrade of one service; machines are worked on in parallel. Each size is
// measured with the machines building for themselves (`--build-on target`) and with the coordinator
// building for them (the default), each on a network of its own, in the same run.
//
//   npm run build && npx jiti bench/network.ts
//
// Run by hand as root, never part of `npm test`. Writes bench/results/network.md. SIZES=2,5 sets
// the network sizes (default 2,5,10), BUILD_ON=coordinator the modes (default target,coordinator). Other work on the machine skews absolute times: the load
// average is recorded with the results.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestNetwork } from '../test/network/support/test-network.ts';

const sizes = (process.env.SIZES ?? '2,5,10').split(',').map(Number);
const modes = (process.env.BUILD_ON ?? 'target,coordinator').split(',');
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
const server = fileURLToPath(new URL('../test/network/fixtures/hello/hello-server.mjs', import.meta.url));

/** One hello server per machine, and a client on the first machine asking the last one's server. */
function servicesModel(machines: number, upgraded: boolean): string {
  const servers = Array.from({ length: machines }, (_, index) => {
    const port = 8000 + index;
    // The upgrade changes one service: the last server's arguments.
    const args = upgraded && index === machines - 1 ? `${JSON.stringify(server)}, ${port}, 'v2'` : `${JSON.stringify(server)}, ${port}`;
    return `const s${index} = defineService({ type: 'process', properties: { port: ${port} }, pkg: () => createManagedProcess({ name: 's${index}', foregroundProcess: 'node', foregroundProcessArgs: [${args}], readiness: { kind: 'tcp', port: ${port} } }) });`;
  });
  return `import { createManagedProcess, defineService, defineServices } from 'procform';
${servers.join('\n')}
const client = defineService({ type: 'process', dependsOn: { server: s${machines - 1} }, pkg: (_ctx, { server }) => createManagedProcess({ name: 'client', foregroundProcess: 'sleep', foregroundProcessArgs: ['infinity'], environment: { SERVER: server.host } }) });
export default defineServices({ ${Array.from({ length: machines }, (_, index) => `s${index}`).join(', ')}, client });
`;
}

const rows: string[] = [];
for (const size of sizes) for (const mode of modes) {
  const names = Array.from({ length: size }, (_, index) => `m${index + 1}`);
  const started = performance.now();
  const network = await createTestNetwork({ machines: names });
  const setup = performance.now() - started;
  try {
    const dir = join(network.dir, 'bench');
    mkdirSync(dir);
    network.writeInfrastructure(join(dir, 'infrastructure.ts'));
    writeFileSync(join(dir, 'distribution.ts'), `import { defineDistribution } from 'procform';\nexport default defineDistribution({ ${names.map((name, index) => `s${index}: '${name}'`).join(', ')}, client: 'm1' });\n`);
    const deploy = async (what: string) => {
      const begin = performance.now();
      const result = await network.procform(['deploy', '--state-dir', join(network.dir, 'coordinator'), '--build-on', mode], { cwd: dir, timeoutMs: 1_800_000 });
      const seconds = (performance.now() - begin) / 1000;
      if (result.code !== 0) throw new Error(`${what} failed on ${size} machines:\n${result.stderr}`);
      log(`${size} machines, built on ${mode}: ${what} ${seconds.toFixed(1)} s (${result.stderr.trim().split('\n').at(-1)})`);
      return seconds;
    };
    writeFileSync(join(dir, 'services.ts'), servicesModel(size, false));
    const first = await deploy('first deploy');
    const noop = await deploy('deploy without changes');
    writeFileSync(join(dir, 'services.ts'), servicesModel(size, true));
    const upgrade = await deploy('one-service upgrade');
    rows.push(`| ${size} | ${mode} | ${(setup / 1000).toFixed(1)} s | ${first.toFixed(1)} s | ${noop.toFixed(1)} s | ${upgrade.toFixed(1)} s |`);
  } finally {
    await network.destroy();
  }
}

const report = `# Network deployment benchmark

\`npx jiti bench/network.ts\` on ${availableParallelism()} CPUs, load average at the end ${loadavg()
  .map((value) => value.toFixed(2))
  .join(' ')} (other work was running: compare the rows of one run, not absolute times).

Each machine is a sandbox with its own network namespace and sshd (test/network/support/test-network.ts);
the coordinator runs \`procform deploy\` over ssh. Services: one hello server per machine (\`process\`
container, \`-P disnix\`) and a client on the first machine depending on the last machine's server.

| machines | built on | network set-up | first deploy (N+1 services) | deploy without changes | one-service upgrade |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
writeFileSync(fileURLToPath(new URL('./results/network.md', import.meta.url)), report);
process.stdout.write(report);
