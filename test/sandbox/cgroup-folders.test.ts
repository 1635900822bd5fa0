import { describe, expect, it } from 'vitest';
import { cgroupMemberships } from '../../src/sandbox/cgroup-folders.ts';

// The layout of the CI machines: v1 controllers, a named systemd hierarchy, cgroup2 beside them.
const hybridCgroup = ['4:memory:/process_api/abc', '3:cpu,cpuacct:/', '2:name=systemd:/', '1:net_cls:/', '0::/'].join('\n');
const hybridMountinfo = [
  '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct',
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');

describe('cgroupMemberships', () => {
  it('finds our cgroup in every mounted hierarchy, and skips unmounted ones', () => {
    expect(cgroupMemberships(hybridCgroup, hybridMountinfo)).toEqual([
      { hierarchy: 'memory', folder: '/sys/fs/cgroup/memory/process_api/abc' },
      { hierarchy: 'cpu,cpuacct', folder: '/sys/fs/cgroup/cpu,cpuacct' },
      { hierarchy: 'name=systemd', folder: '/sys/fs/cgroup/systemd' },
      { hierarchy: '0::', folder: '/sys/fs/cgroup/unified' },
    ]);
  });

  it('handles a pure cgroup2 machine, a mount below the top and escaped paths', () => {
    const mountinfo = '29 23 0:26 /user.slice /sys/fs/cgroup\\040x rw - cgroup2 cgroup2 rw,nsdelegate';
    expect(cgroupMemberships('0::/user.slice/session-1.scope\n', mountinfo)).toEqual([
      { hierarchy: '0::', folder: '/sys/fs/cgroup x/session-1.scope' },
    ]);
  });
});
