import { sandboxCgroupFolders } from './cgroup-folders.ts';
import { SandboxError } from './errors.ts';
import { Guard } from './guard.ts';
import { launchCommand } from './launch-command.ts';
import { LiveSandbox } from './live-sandbox.ts';
import { hostDeployments } from './host-deployments.ts';
import { procformBind } from './procform-bind.ts';
import { resolveBinds } from './resolve-binds.ts';
import { cgroupName, sandboxId } from './sandbox-id.ts';
import type { Sandbox, SandboxOptions } from './types.ts';

const accountName = 'unprivileged';

/**
 * A fresh machine for one test variant, in a fraction of a second: own PID 1, hostname, network
 * (loopback only), /etc, /var, /tmp, /run and /home, on a copy-on-write view of the host's
 * programs. It dies with its creator. With init "systemd" it resolves once systemd has booted.
 * See docs/sandbox.md.
 */
export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw new SandboxError('sandboxes need root on Linux', {
      hint: 'They create mount, pid, network and cgroup namespaces and cgroups; run the tests as root (CI does).',
    });
  }
  const init = options.init ?? 'none';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = Date.now();
  const id = sandboxId(options.name);
  const own = procformBind();
  const binds = [...(own ? [own] : []), ...resolveBinds(options.binds ?? [])];
  const cgroups = sandboxCgroupFolders(cgroupName(id));
  const account = options.profile === 'unprivileged' ? accountName : undefined;
  const hidden = hostDeployments(options.hostDeploymentRoot);
  const guard = new Guard(cgroups, launchCommand({ id, init, account, binds, hidden }));
  const ready = await guard.ready(timeoutMs);
  guard.detach();
  const sandbox = new LiveSandbox({
    id,
    profile: options.profile,
    init,
    pid: ready.pid1,
    account:
      account === undefined ? undefined : { name: accountName, uid: ready.uid!, gid: ready.gid!, home: `/home/${accountName}` },
    cgroups,
    guard,
  });
  if (init === 'systemd') {
    try {
      sandbox.system = await sandbox.waitForSystem({ timeoutMs: Math.max(timeoutMs - (Date.now() - started), 1) });
    } catch (error) {
      await sandbox.destroy().catch(() => {});
      throw error;
    }
  }
  return sandbox;
}
