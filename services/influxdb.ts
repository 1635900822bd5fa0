import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import { chownCommand } from './run-as.ts';

export interface InfluxdbParams {
  /** The HTTP API. Default 8086. */
  httpPort?: number;
  /** Address of the HTTP API; '' is every interface (upstream's default). */
  httpBindIP?: string;
  /** The backup and restore service. Default 8088. */
  rpcPort?: number;
  rpcBindIP?: string;
  /** Every request must authenticate; the first admin user may be created without. Default false. */
  authEnabled?: boolean;
  /** More sections of influxdb.conf (TOML), appended. */
  extraConfig?: string;
  instanceSuffix?: string;
  instanceName?: string;
}

/** Where an InfluxDB instance keeps its data. */
export function influxdbDataDir(ctx: ProcessContext, instanceName: string): string {
  return `${ctx.libDir}/${instanceName}`;
}

/**
 * InfluxDB 1.6 (Debian 12's influxdb), upstream's simpleInfluxdb: its own meta, data and WAL
 * folders and ports. Foreground only. Ready when its HTTP API answers /ping (204).
 */
export function influxdb(ctx: ProcessContext): (params?: InfluxdbParams) => ManagedProcess {
  return ({ httpPort = 8086, httpBindIP = '', rpcPort = 8088, rpcBindIP = '127.0.0.1', authEnabled = false, extraConfig = '', instanceSuffix = '', instanceName = `influxdb${instanceSuffix}` } = {}) => {
    const dataDir = influxdbDataDir(ctx, instanceName);
    const configFile = ctx.writeTextFile({
      name: `${instanceName}-influxdb.conf`,
      text: [
        'reporting-disabled = true',
        `bind-address = "${rpcBindIP}:${rpcPort}"`,
        '',
        '[meta]',
        `  dir = "${dataDir}/meta"`,
        '',
        '[data]',
        `  dir = "${dataDir}/data"`,
        `  wal-dir = "${dataDir}/wal"`,
        '',
        '[http]',
        '  enabled = true',
        `  bind-address = "${httpBindIP}:${httpPort}"`,
        `  auth-enabled = ${authEnabled}`,
        '',
        extraConfig,
        '',
      ].join('\n'),
    });
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'InfluxDB',
      foregroundProcess: executable('influxd', { install: 'apt-get install influxdb' }),
      foregroundProcessArgs: ['-config', configFile],
      initialize: `${[shellCommand(['mkdir', '-p', dataDir]), ...chownCommand(ctx, `${instanceName}:${instanceName}`, [dataDir])].join('\n')}\n`,
      user: instanceName,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, homeDir: dataDir, description: 'InfluxDB' } },
      },
      ports: [httpPort, rpcPort],
      readiness: { kind: 'http', url: `http://127.0.0.1:${httpPort}/ping`, status: 204 },
    });
  };
}
