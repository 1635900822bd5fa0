// OpenRC's paths are compiled in (/run/openrc for its state, /etc/init.d, /etc/runlevels,
// /etc/rc.conf). procform never touches the host's: every rc-service runs in a mount namespace of
// its own where the deployment's folders are bound over them, so OpenRC sees only the deployment's
// scripts in a private runlevel, keeps its state in the deployment's runtime folder, and the host's
// runlevels are never run. A normal user's namespace comes with a user namespace (mount needs
// root there), and a nested one maps the user back, so services run as the deploying user.
import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProcformError } from '../../errors.ts';
import type { CollectedRun } from '../../process/run-collecting.ts';
import { runCollecting } from '../../process/run-collecting.ts';

export interface OpenrcRoot {
  /** Bound over /run/openrc: OpenRC's state (started/, options/, the dependency cache). */
  svcdir: string;
  /** Bound over /etc/init.d: links to the deployment's scripts. */
  initd: string;
  /** Bound over /etc/runlevels: one runlevel, `procform`, with every service. */
  runlevels: string;
  /** Bound over /etc/rc.conf. */
  rcConf: string;
}

export const RUNLEVEL = 'procform';

/** The folders OpenRC's state folder has after `openrc sysinit`. */
const stateFolders = ['daemons', 'exclusive', 'failed', 'hotplugged', 'inactive', 'options', 'scheduled', 'started', 'starting', 'stopping', 'tmp', 'wasinactive'];

/** What rc.conf says here: no cgroups (the deploying user may not write them), no logger, one service at a time. */
const rcConf = 'rc_cgroup_mode="none"\nrc_logger="NO"\nrc_parallel="NO"\n';

export function openrcRoot(runtimeDir: string): OpenrcRoot {
  // Not <runtimeDir>/openrc: with runtimeDir /var/run (a link to /run) that is /run/openrc itself, which the namespace covers.
  const base = join(runtimeDir, 'procform-openrc');
  return { svcdir: join(base, 'svcdir'), initd: join(base, 'init.d'), runlevels: join(base, 'runlevels'), rcConf: join(base, 'rc.conf') };
}

/** Creates the private root (idempotent) and links exactly `scripts` (name → path) into init.d and the runlevel. */
export async function linkServices(root: OpenrcRoot, scripts: ReadonlyMap<string, string>): Promise<void> {
  await Promise.all(stateFolders.map((folder) => mkdir(join(root.svcdir, folder), { recursive: true })));
  await writeFile(join(root.svcdir, 'softlevel'), `${RUNLEVEL}\n`);
  await writeFile(root.rcConf, rcConf);
  const level = join(root.runlevels, RUNLEVEL);
  for (const folder of [root.initd, level]) {
    await mkdir(folder, { recursive: true });
    for (const name of await readdir(folder)) await rm(join(folder, name), { force: true });
  }
  for (const [name, script] of scripts) {
    await symlink(script, join(root.initd, name));
    await symlink(join('/etc/init.d', name), join(level, name));
  }
}

/** The namespace's set-up: bind the deployment's folders over OpenRC's, then run the command (as the caller again). */
const setup = [
  'uid=$1 gid=$2 svcdir=$3 initd=$4 runlevels=$5 rcconf=$6',
  'shift 6',
  // A machine where OpenRC never ran has no /run/openrc to bind over: make one, in a private /run if need be.
  'if [ ! -d /run/openrc ]; then mkdir /run/openrc 2>/dev/null || { mount -t tmpfs -o mode=755 procform-openrc /run && mkdir /run/openrc; } || exit 125; fi',
  'mount --bind "$svcdir" /run/openrc && mount --bind "$initd" /etc/init.d && mount --bind "$runlevels" /etc/runlevels || exit 125',
  'if [ -e /etc/rc.conf ]; then mount --bind "$rcconf" /etc/rc.conf || exit 125; fi',
  'if [ "$uid" -eq 0 ]; then exec "$@"; fi',
  'exec unshare --user --map-user="$uid" --map-group="$gid" -- "$@"',
].join('\n');

/** Runs `rc-service ARGS` against the private root. */
export function rcService(root: OpenrcRoot, args: readonly string[]): Promise<CollectedRun> {
  return inPrivateRoot(root, ['rc-service', ...args]);
}

/**
 * Brings OpenRC's dependency cache up to date once, after the scripts were linked: otherwise every
 * rc-service started side by side would find it stale and rewrite it at the same time.
 */
export async function updateDependencies(root: OpenrcRoot): Promise<void> {
  const result = await inPrivateRoot(root, ['/lib/rc/bin/rc-depend', '--update', '--quiet']);
  if (result.code !== 0) throw new ProcformError(`OpenRC could not compute its dependency tree (rc-depend exited ${result.code}):\n${result.output.trim()}`);
}

/** In a session of its own: supervise-daemon stays in its caller's process group, which must not be procform's. */
function inPrivateRoot(root: OpenrcRoot, command: readonly string[]): Promise<CollectedRun> {
  const uid = process.getuid!();
  const gid = process.getgid!();
  const namespace = uid === 0 ? ['--mount', '--propagation', 'private'] : ['--user', '--map-root-user', '--mount', '--propagation', 'private'];
  return runCollecting(
    'unshare',
    [...namespace, '/bin/sh', '-c', setup, 'procform-openrc', String(uid), String(gid), root.svcdir, root.initd, root.runlevels, root.rcConf, ...command],
    { env: { EINFO_COLOR: 'NO' }, detached: true },
  );
}
