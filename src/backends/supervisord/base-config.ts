// supervisord's own configuration for a deployment. It depends only on the deployment's folders,
// never on its instances (they are included from conf.d/, relative to this file), so the running
// supervisord never needs restarting when instances change, and the same file works both from a
// profile (its own programs) and from the driver's stable folder (the deployed programs).
import type { DeploymentDirs } from '../../model/types.ts';
import { LOG_FILE_UMASK } from '../../logs/log-file-mode.ts';
import { SupervisordError } from './errors.ts';
import { iniValue } from './escape.ts';
import { supervisordPaths } from './paths.ts';

export function baseConfig(dirs: DeploymentDirs): string {
  const paths = supervisordPaths(dirs);
  const value = (path: string): string => {
    const written = iniValue(path);
    if (written === null) throw new SupervisordError(`supervisord cannot use the folder ${JSON.stringify(path)}: it has a line break, or whitespace before ; or #`, { hint: 'Choose other deployment folders.' });
    return written;
  };
  return [
    `; supervisord of the procform deployment in ${value(dirs.stateDir)} (generated).`,
    '; procform switch starts it when needed; `procform supervisord` runs it in the foreground.',
    '[supervisord]',
    `logfile=${value(paths.logFile)}`,
    `pidfile=${value(paths.pidFile)}`,
    `childlogdir=${value(dirs.logDir)}`,
    '; The log files supervisord creates get the mode every backend gives them (0640); programs get their own umask.',
    `umask=${LOG_FILE_UMASK}`,
    '',
    '; A Unix socket only its owner can use, not an inet port: the RPC interface has no authentication here.',
    '[unix_http_server]',
    `file=${value(paths.socket)}`,
    'chmod=0700',
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
    '[supervisorctl]',
    `serverurl=unix://${value(paths.socket)}`,
    '',
    '[include]',
    'files = conf.d/*.conf',
    '',
  ].join('\n');
}
