// The build target of an image made from the build host's files: programs are the host's (the image
// copies them to the same paths), procform's runtime is the copy at IMAGE_PROCFORM_DIR, and who
// deploys is the container's root. Whether processes change user is --unprivileged's business
// (forceDisableUserChange), as upstream's images run their manager as root either way.
import type { BuildTarget } from '../target/build-target.ts';
import { hostTarget } from '../target/host-target.ts';

/** Where procform's package is in every image: its dist/, package.json and production dependencies. */
export const IMAGE_PROCFORM_DIR = '/usr/lib/procform';

export function imageTarget(): BuildTarget {
  const host = hostTarget();
  const root = { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/sh' };
  return {
    name: 'the image',
    procformRuntime: () => ({ node: process.execPath, procform: IMAGE_PROCFORM_DIR }),
    searchPath: host.searchPath,
    isExecutable: host.isExecutable,
    users: () => [root],
    groups: () => [{ name: 'root', gid: 0, members: [] }],
    caller: { user: 'root', group: 'root' },
    privileged: true,
  };
}
