import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { processExists, sleep } from '../support.ts';
import type { Manager } from './types.ts';
import { burstScript, httpdArgv, withRotated } from './types.ts';
import { run } from './run.ts';

/** Debian's supervisord, one configuration file with a [program:hN] per child. */
export function supervisordManager(workDir: string): Manager {
  let dir = '';
  const config = () => join(dir, 'supervisord.conf');
  const write = (programs: string[]) =>
    writeFileSync(
      config(),
      [
        '[unix_http_server]',
        `file=${dir}/supervisor.sock`,
        '[supervisord]',
        `logfile=${dir}/supervisord.log`,
        `pidfile=${dir}/supervisord.pid`,
        `childlogdir=${dir}/logs`,
        '[rpcinterface:supervisor]',
        'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
        '[supervisorctl]',
        `serverurl=unix://${dir}/supervisor.sock`,
        ...programs,
        '',
      ].join('\n'),
    );
  const servers = (ports: readonly number[]) =>
    ports.map((port, index) => `[program:h${index}]\ncommand=${httpdArgv(port).join(' ')}\nautorestart=true\nstopasgroup=true\nkillasgroup=true\nredirect_stderr=true`);
  const pid = () => {
    try {
      return Number(readFileSync(join(dir, 'supervisord.pid'), 'utf8'));
    } catch {
      return null;
    }
  };
  const fresh = async () => {
    dir = await mkdtemp(join(workDir, 'sv-'));
    await mkdir(join(dir, 'logs'));
  };
  const ctl = (...args: string[]) => run('supervisorctl', ['-c', config(), ...args]);

  return {
    name: 'supervisord',
    async prepare(ports) {
      await fresh();
      write(servers(ports));
    },
    // supervisord forks into the background and returns.
    launch: () => run('supervisord', ['-c', config()]).then(() => {}),
    managerPids: () => [pid()].filter((value): value is number => value !== null),
    async prepareChange(ports, index, newPort) {
      write(servers(ports.map((port, position) => (position === index ? newPort : port))));
    },
    async changeOne() {
      await ctl('reread');
      await ctl('update');
    },
    restartAll: () => ctl('restart', 'all').then(() => {}),
    applyUnchanged: () => ctl('update').then(() => {}),
    async shutdown() {
      const daemon = pid();
      await ctl('shutdown').catch(() => '');
      while (daemon !== null && processExists(daemon)) await sleep(5);
    },
    async logBurst(line, lines, burst) {
      await fresh();
      const file = join(dir, 'burst.log');
      const rotation = burst.rotate ? `stdout_logfile_maxbytes=${burst.rotate.maxBytes}\nstdout_logfile_backups=${burst.rotate.keep}` : 'stdout_logfile_maxbytes=0';
      write([
        `[program:burst]\ncommand=/bin/sh -c "${burstScript(line, lines, burst.go)}"\nautorestart=false\nstartsecs=0\nredirect_stderr=true\nstdout_logfile=${file}\n${rotation}`,
      ]);
      await run('supervisord', ['-c', config()]);
      return () => withRotated(file, burst.rotate?.keep ?? 0);
    },
  };
}
