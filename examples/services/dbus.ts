// D-Bus: two session buses side by side and, in a privileged deployment, the system bus with a
// service's policy (root may own org.procform.Example; nobody else may). The system bus needs root.
//   procform switch examples/services/dbus.ts
import { defineProcesses } from 'procform';
import { dbusDaemon, dbusSocket } from 'procform/services';

export default defineProcesses((ctx) => {
  const policy = ctx.writeTextFile({
    name: 'org.procform.Example.conf',
    text: [
      '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">',
      '<busconfig>',
      '  <policy user="root">',
      '    <allow own="org.procform.Example"/>',
      '  </policy>',
      '</busconfig>',
      '',
    ].join('\n'),
  });
  const session = (suffix: string) => ({ socket: dbusSocket(ctx, 'session', `dbus-session${suffix}`), pkg: dbusDaemon(ctx)({ busType: 'session', instanceSuffix: suffix }) });
  return {
    ...(!ctx.forceDisableUserChange && { 'dbus-daemon': { socket: dbusSocket(ctx, 'system', 'dbus-daemon'), pkg: dbusDaemon(ctx)({ policies: [policy] }) } }),
    'dbus-session-primary': session('-primary'),
    'dbus-session-secondary': session('-secondary'),
  };
});
