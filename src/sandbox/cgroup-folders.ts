import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxError } from './errors.ts';
import { unescapeMountinfo } from '../fs/mountinfo.ts';

/** One cgroup hierarchy we are a member of, and where our cgroup in it is on disk. */
export interface CgroupMembership {
  /** `0::` for cgroup2, else the v1 controllers (`cpu,cpuacct`, `name=systemd`). */
  hierarchy: string;
  /** Our current cgroup's folder, e.g. /sys/fs/cgroup/memory/process_api/abc. */
  folder: string;
}

/**
 * Where our cgroup is in every mounted hierarchy (v1 controllers, named v1 hierarchies, cgroup2),
 * so that a sandbox can get a child cgroup in each of them. Systemd as PID 1 in the host's cgroups
 * once moved every process on a machine into its own init.scope; a child cgroup of our own in every
 * hierarchy, plus a cgroup namespace, is what keeps it (and everything else in a sandbox) in its lane.
 * Pure: reads the texts of /proc/self/cgroup and /proc/self/mountinfo. Hierarchies that are not
 * mounted are skipped (nothing can be put there, so nothing can leak there).
 */
export function cgroupMemberships(procCgroup: string, mountinfo: string): CgroupMembership[] {
  const mounts = parseCgroupMounts(mountinfo);
  const memberships: CgroupMembership[] = [];
  for (const line of procCgroup.split('\n')) {
    if (!line) continue;
    const [id, controllers, ...rest] = line.split(':');
    const path = rest.join(':');
    const isV2 = id === '0' && controllers === '';
    const wanted = isV2 ? [] : controllers!.split(',');
    const mount = mounts.find((m) =>
      isV2 ? m.fsType === 'cgroup2' : m.fsType === 'cgroup' && wanted.every((c) => m.superOptions.includes(c)),
    );
    if (!mount) continue;
    // A hierarchy mounted with a root below its top shows paths relative to that root.
    const relative = path.startsWith(mount.root) ? path.slice(mount.root.length) : path;
    memberships.push({ hierarchy: isV2 ? '0::' : controllers!, folder: join(mount.mountPoint, relative) });
  }
  return memberships;
}

interface CgroupMount {
  root: string;
  mountPoint: string;
  fsType: string;
  superOptions: string[];
}

function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const separator = line.indexOf(' - ');
    if (separator < 0) continue;
    const before = line.slice(0, separator).split(' ');
    const [fsType, , superOptions = ''] = line.slice(separator + 3).split(' ');
    if (fsType !== 'cgroup' && fsType !== 'cgroup2') continue;
    mounts.push({
      root: unescapeMountinfo(before[3]!),
      mountPoint: unescapeMountinfo(before[4]!),
      fsType,
      superOptions: superOptions.split(','),
    });
  }
  return mounts;
}

/** The folders of a new sandbox cgroup named `name`, one below our cgroup in every hierarchy. */
export function sandboxCgroupFolders(name: string): string[] {
  const memberships = cgroupMemberships(readFileSync('/proc/self/cgroup', 'utf8'), readFileSync('/proc/self/mountinfo', 'utf8'));
  if (memberships.length === 0) {
    throw new SandboxError('no cgroup hierarchy is mounted', { hint: 'Mount cgroup2 (or the v1 hierarchies) under /sys/fs/cgroup.' });
  }
  return memberships.map((membership) => join(membership.folder, name));
}
