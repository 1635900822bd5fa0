import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import { programPath } from './program-path.ts';

export interface ExtendableSupervisordParams {
  /** Also serve supervisord's web interface and XML-RPC on 127.0.0.1 at this port (upstream's 9001). Default: only the socket. */
  inetHTTPServerPort?: number;
  instanceSuffix?: string;
  instanceName?: string;
}

/** Where an extendable supervisord takes programs from, and its socket (`supervisorctl -s unix://<socket>`). */
export function supervisordFiles(ctx: ProcessContext, instanceName: string): { confDir: string; socket: string } {
  return { confDir: `${ctx.libDir}/${instanceName}/conf.d`, socket: `${ctx.runtimeDir}/${instanceName}.sock` };
}

/**
 * supervisord (Debian's supervisor) as a service other tools deploy programs into, upstream's
 * extendableSupervisord: it includes every `<libDir>/<instance>/conf.d/*.conf`, and answers
 * supervisorctl on its own socket (`supervisorctl -c <its configuration> update` picks up new
 * programs). Its own log, PID file and children's logs. Ready when supervisorctl reaches it.
 */
export function extendableSupervisord(ctx: ProcessContext): (params?: ExtendableSupervisordParams) => ManagedProcess {
  const supervisorctl = programPath(ctx, 'supervisorctl', 'apt-get install supervisor');
  return ({ inetHTTPServerPort, instanceSuffix = '', instanceName = `supervisord${instanceSuffix}` } = {}) => {
    const { confDir, socket } = supervisordFiles(ctx, instanceName);
    const childLogDir = `${ctx.logDir}/${instanceName}`;
    const configFile = ctx.writeTextFile({
      name: `${instanceName}-supervisord.conf`,
      text: [
        '[supervisord]',
        `logfile=${ctx.logDir}/${instanceName}.log`,
        `pidfile=${ctx.runtimeDir}/${instanceName}.pid`,
        `childlogdir=${childLogDir}`,
        '',
        '[unix_http_server]',
        `file=${socket}`,
        'chmod=0700',
        '',
        ...(inetHTTPServerPort === undefined ? [] : ['[inet_http_server]', `port=127.0.0.1:${inetHTTPServerPort}`, '']),
        '[rpcinterface:supervisor]',
        'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
        '',
        '[supervisorctl]',
        `serverurl=unix://${socket}`,
        '',
        '[include]',
        `files=${confDir}/*.conf`,
        '',
      ].join('\n'),
    });
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'supervisord',
      process: executable('supervisord', { install: 'apt-get install supervisor' }),
      args: ['--configuration', configFile],
      foregroundProcessExtraArgs: ['--nodaemon'],
      initialize: `${shellCommand(['mkdir', '-p', confDir, childLogDir])}\n`,
      ...(inetHTTPServerPort !== undefined && { ports: [inetHTTPServerPort] }),
      readiness: { kind: 'exec', command: [supervisorctl, '--configuration', configFile, 'pid'] },
    });
  };
}
