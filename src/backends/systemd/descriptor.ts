import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';

export const systemd: BackendDescriptor = {
  name: 'systemd',
  deploysWith: 'system units, or user units when unprivileged',
  notes: '`procform-<name>.service`',
  docs: 'docs/backends/systemd.md',
  load: async () => (await import('./backend.ts')).systemdBackend as unknown as Backend,
  testing: {
    init: 'systemd',
    programs: [
      { path: '/lib/systemd/systemd', package: 'systemd' },
      { path: '/usr/bin/dbus-daemon', package: 'dbus' },
    ],
    // Privileged deployments go to the system manager, PID 1; unprivileged ones to the user's manager.
    managerPid: ({ profile, uid }) => (profile === 'privileged' ? 'echo 1' : `systemctl show --property=MainPID --value user@${uid}.service`),
    // The units' states say more than the journal, which is mostly the machine's boot and may not
    // have the last messages yet; the units' own output is in their log files.
    managerLog: ({ profile }, lines) => {
      const systemctl = profile === 'privileged' ? 'systemctl' : 'systemctl --user';
      return `${systemctl} status --no-pager --full --lines=5 'procform-*' 2>&1; journalctl --no-pager --quiet --lines=${lines} 2>/dev/null`;
    },
  },
};
