import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import { programPath } from './program-path.ts';
import { chownCommand } from './run-as.ts';

export type DbusBusType = 'system' | 'session';

export interface DbusDaemonParams {
  /**
   * `system`: the machine's system bus, at the standard address (<runtimeDir>/dbus/system_bus_socket)
   * with the standard restrictive policy, dropping to the `messagebus` account; privileged only.
   * `session`: a bus that lets its users own and call anything, at <runtimeDir>/<instance>/bus_socket.
   * Default system.
   */
  busType?: DbusBusType;
  /** Bus configuration files (<busconfig> policies of the services that use the bus) to include. */
  policies?: string[];
  /** Folders of .service files, for services the bus starts on demand. */
  serviceDirs?: string[];
  /** More elements inside <busconfig>. */
  extraConfig?: string;
  instanceSuffix?: string;
  instanceName?: string;
}

/** The socket of a bus, for clients: `DBUS_SYSTEM_BUS_ADDRESS=unix:path=…` or dbus-send's `--bus=unix:path=…`. */
export function dbusSocket(ctx: ProcessContext, busType: DbusBusType, instanceName: string): string {
  return busType === 'system' ? `${ctx.runtimeDir}/dbus/system_bus_socket` : `${ctx.runtimeDir}/${instanceName}/bus_socket`;
}

// Debian's system.conf policy: anyone may talk to the bus and receive, nobody may own a name or
// call another service's method unless a service's own policy allows it.
const systemPolicy = `  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Peer"/>
    <deny send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus" send_member="UpdateActivationEnvironment"/>
    <deny send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Debug.Stats"/>
  </policy>`;

// Debian's session.conf policy: a session bus belongs to one user, who may do anything on it.
const sessionPolicy = `  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>`;

/**
 * D-Bus's message bus (Debian's dbus-daemon), upstream's dbus-daemon: the system bus other
 * services (Disnix, for one) talk on, or a session bus. Ready when the bus answers its own GetId
 * method: a D-Bus round trip, not only a socket that exists.
 */
export function dbusDaemon(ctx: ProcessContext): (params?: DbusDaemonParams) => ManagedProcess {
  const dbusSend = programPath(ctx, 'dbus-send', 'apt-get install dbus-bin');
  return ({ busType = 'system', policies = [], serviceDirs = [], extraConfig = '', instanceSuffix = '', instanceName = busType === 'system' ? `dbus-daemon${instanceSuffix}` : `dbus-session${instanceSuffix}` } = {}) => {
    if (busType === 'system' && ctx.forceDisableUserChange) {
      throw new Error(`dbus-daemon ${instanceName}: the system bus needs a privileged deployment (it runs as messagebus); deploy a session bus (busType: 'session') unprivileged`);
    }
    const socket = dbusSocket(ctx, busType, instanceName);
    const socketDir = socket.slice(0, socket.lastIndexOf('/'));
    const pidFile = `${socketDir}/pid`;
    const configFile = ctx.writeTextFile({
      name: `${instanceName}-bus.conf`,
      text: [
        '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">',
        '<busconfig>',
        `  <type>${busType}</type>`,
        ...(busType === 'system' ? ['  <user>messagebus</user>'] : []),
        `  <listen>unix:path=${socket}</listen>`,
        `  <pidfile>${pidFile}</pidfile>`,
        '  <auth>EXTERNAL</auth>',
        busType === 'system' ? systemPolicy : sessionPolicy,
        ...policies.map((policy) => `  <include>${policy}</include>`),
        ...serviceDirs.map((dir) => `  <servicedir>${dir}</servicedir>`),
        extraConfig,
        '</busconfig>',
        '',
      ].join('\n'),
    });
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: `D-Bus ${busType} bus`,
      process: executable('dbus-daemon', { install: 'apt-get install dbus-daemon' }),
      args: [`--config-file=${configFile}`],
      foregroundProcessExtraArgs: ['--nofork', '--nopidfile'],
      daemonExtraArgs: ['--fork'],
      pidFile,
      // The daemon makes its socket as messagebus (system bus), so the folder must be theirs.
      initialize: `${[shellCommand(['mkdir', '-p', socketDir]), ...(busType === 'system' ? chownCommand(ctx, 'messagebus:messagebus', [socketDir]) : [])].join('\n')}\n`,
      ...(busType === 'system' && {
        credentials: {
          groups: { messagebus: {} },
          users: { messagebus: { group: 'messagebus', homeDir: '/nonexistent', description: 'D-Bus system message bus' } },
        },
      }),
      readiness: { kind: 'exec', command: [dbusSend, `--bus=unix:path=${socket}`, '--dest=org.freedesktop.DBus', '--type=method_call', '--print-reply', '/org/freedesktop/DBus', 'org.freedesktop.DBus.GetId'] },
    });
  };
}
