// The units a deployment puts where its manager loads them: one symbolic link per unit into the
// store (a "linked unit", as `systemctl link` makes), and one in <target>.wants for each target of
// its WantedBy= (what `systemctl enable` adds), so that the units also start with the manager.
// procform only ever touches links that point into its own store, so an administrator's unit of
// the same name is never replaced.
import { lstat, mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ProcformError } from '../../errors.ts';
import type { ManagerScope } from './scope.ts';
import type { Systemctl } from './systemctl.ts';
import { NoSystemdManagerError } from './systemctl.ts';

/**
 * /etc/systemd/system for the system manager: persistent, and the folder with the highest
 * priority, so a deployed unit is the one that runs. ~/.config/systemd/user (XDG_CONFIG_HOME) for a
 * user manager, for the same reasons. Runtime folders (/run/systemd/system) would forget the
 * deployment at reboot while procform's generations still list it.
 */
export function unitDir(scope: ManagerScope, env: NodeJS.ProcessEnv = process.env): string {
  return scope === 'system' ? '/etc/systemd/system' : join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'systemd', 'user');
}

/** A unit file of the same name that procform did not put there. */
export class UnitConflictError extends ProcformError {}

export interface WantedUnit {
  /** The unit file in the store. */
  file: string;
  /** Targets that want it (its WantedBy=). */
  wantedBy: readonly string[];
}

/**
 * Makes the links match `wanted` (unit name → its file and targets) and removes those of
 * `obsolete` units. Returns whether anything changed, that is whether the manager must reload.
 */
export async function syncUnitLinks(
  dir: string,
  storeDir: string,
  wanted: ReadonlyMap<string, WantedUnit>,
  obsolete: Iterable<string>,
): Promise<boolean> {
  const ours = (target: string | null | undefined) => typeof target === 'string' && target.startsWith(`${storeDir}/`);
  const wantsDirs = await wantsFolders(dir);
  let changed = false;
  for (const unit of obsolete) {
    if (wanted.has(unit)) continue;
    // Links to the unit's link are ours even when the unit's own link is gone.
    changed = (await removeWantsLinks(dir, wantsDirs, unit, [])) || changed;
    const unitLink = join(dir, unit);
    if (!ours(await linkTarget(unitLink))) continue;
    await rm(unitLink, { force: true });
    changed = true;
  }
  for (const [unit, { file, wantedBy }] of wanted) {
    const unitLink = join(dir, unit);
    const current = await linkTarget(unitLink);
    if (current === undefined || (current !== null && !ours(current))) {
      throw new UnitConflictError(`${unitLink} exists and is not procform's${current ? ` (it links to ${current})` : ''}`, {
        hint: 'Remove it if it is left over, or give the instance another name.',
      });
    }
    if (current !== file) {
      await replaceLink(unitLink, file);
      changed = true;
    }
    for (const target of wantedBy) {
      const wantsLink = join(dir, `${target}.wants`, unit);
      if ((await linkTarget(wantsLink)) !== unitLink) {
        await replaceLink(wantsLink, unitLink);
        changed = true;
      }
    }
    changed = (await removeWantsLinks(dir, wantsDirs, unit, wantedBy)) || changed;
  }
  return changed;
}

/** The <target>.wants folders in the unit folder. */
async function wantsFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory() && entry.name.endsWith('.wants')).map((entry) => entry.name);
}

/** Removes the unit's links from .wants folders of targets that no longer want it. */
async function removeWantsLinks(dir: string, wantsDirs: readonly string[], unit: string, keep: readonly string[]): Promise<boolean> {
  let removed = false;
  for (const wants of wantsDirs) {
    if (keep.includes(wants.slice(0, -'.wants'.length))) continue;
    const link = join(dir, wants, unit);
    if ((await linkTarget(link)) === join(dir, unit)) {
      await rm(link, { force: true });
      removed = true;
    }
  }
  return removed;
}

/** The link's target; null when nothing is there; undefined when something other than a link is. */
async function linkTarget(path: string): Promise<string | null | undefined> {
  const info = await lstat(path).catch(() => null);
  if (info === null) return null;
  if (!info.isSymbolicLink()) return undefined;
  return readlink(path);
}

/** Atomic: the manager never sees the unit missing while it is replaced. */
async function replaceLink(path: string, target: string): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `.procform-${process.pid}-${Date.now()}`);
  await rm(temporary, { force: true });
  await symlink(target, temporary);
  await rename(temporary, path);
}

/** The manager loads units only from its search path; a link anywhere else would never be seen. */
export async function checkLoadsFrom(systemctl: Systemctl, unitDir: string): Promise<void> {
  const output = await systemctl.run(['show', '--property=UnitPath']);
  const paths = output.replace(/^UnitPath=/, '').trim().split(/\s+/);
  if (!paths.includes(unitDir)) {
    throw new NoSystemdManagerError(`the systemd ${systemctl.scope} manager does not load units from ${unitDir}`, {
      hint: `It loads them from: ${paths.join(' ')}. Run procform with the HOME (and XDG_CONFIG_HOME) the manager has.`,
    });
  }
}
