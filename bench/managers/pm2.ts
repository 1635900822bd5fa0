import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processExists, sleep } from '../support.ts';
import type { Manager } from './types.ts';
import { burstScript, httpdArgv } from './types.ts';
import { run } from './run.ts';

const pm2 = fileURLToPath(new URL('../node_modules/.bin/pm2', import.meta.url));

/**
 * PM2 from npm (bench/package.json), kept offline as benchmark-anchors.md says: its own PM2_HOME
 * with a `touch` file, and the version check off.
 */
export function pm2Manager(workDir: string): Manager {
  let home = '';
  const env = () => ({ ...process.env, PM2_HOME: home, PM2_DISABLE_VERSION_CHECK: '1' });
  const ecosystem = () => join(home, 'ecosystem.config.js');
  const write = (apps: object[]) => writeFileSync(ecosystem(), `module.exports = ${JSON.stringify({ apps }, null, 1)};\n`);
  const servers = (ports: readonly number[]) =>
    ports.map((port, index) => {
      const [script, ...args] = httpdArgv(port);
      return { name: `h${index}`, script, args, interpreter: 'none', autorestart: true, out_file: join(home, `h${index}.log`), error_file: join(home, `h${index}.log`) };
    });
  const fresh = async () => {
    home = await mkdtemp(join(workDir, 'pm2-'));
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'touch'), '');
  };
  const god = () => {
    try {
      return Number(readFileSync(join(home, 'pm2.pid'), 'utf8'));
    } catch {
      return null;
    }
  };
  let changed = 0;

  return {
    name: 'PM2',
    async prepare(ports) {
      await fresh();
      write(servers(ports));
    },
    launch: () => run(pm2, ['start', ecosystem()], env()).then(() => {}),
    managerPids: () => [god()].filter((value): value is number => value !== null),
    async prepareChange(ports, index, newPort) {
      changed = index;
      write(servers(ports.map((port, position) => (position === index ? newPort : port))));
    },
    async changeOne() {
      await run(pm2, ['delete', `h${changed}`], env());
      await run(pm2, ['start', ecosystem(), '--only', `h${changed}`], env());
    },
    restartAll: () => run(pm2, ['restart', 'all'], env()).then(() => {}),
    async shutdown() {
      const daemon = god();
      await run(pm2, ['kill'], env()).catch(() => '');
      while (daemon !== null && processExists(daemon)) await sleep(5);
    },
    // PM2 rotates only through the pm2-logrotate module (installed into PM2 from npm, run by its own
    // timer): not part of PM2 itself, so left out of the rotation figure.
    async logBurst(line, lines, burst) {
      if (burst.rotate) return null;
      await fresh();
      const file = join(home, 'burst.log');
      write([{ name: 'burst', script: '/bin/sh', args: ['-c', burstScript(line, lines, burst.go)], interpreter: 'none', autorestart: false, out_file: file, error_file: join(home, 'burst-err.log') }]);
      await run(pm2, ['start', ecosystem()], env());
      return () => [file];
    },
  };
}
