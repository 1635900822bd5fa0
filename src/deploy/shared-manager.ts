// Several profiles (--profile) in one state folder, or several state folders on one runtime folder
// (--runtime-dir). Some backends keep their manager, or a private root, in the deployment's runtime
// folder (builtin's supervisor, supervisord, s6-rc's and runit's scanners, OpenRC's private root)
// and run exactly the profile they were last given: a second profile there would stop the first
// one's instances, and its `down` the manager under them. Other profiles of the same state folder
// are found in its profiles folder; another state folder's profile is found through the claim its
// last switch wrote into the runtime folder (claimManager).
import { realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Manifest } from '../build/manifest.ts';
import { readManifest } from '../build/manifest.ts';
import { descriptorOf } from '../backends/registry.ts';
import { PermissionDeniedError, ProcformError } from '../errors.ts';
import { absolutePath, looseObject, string } from '../fs/light-schema.ts';
import { acquireLock } from '../fs/lock-file.ts';
import type { StateFileFormat } from '../fs/state-file.ts';
import { readStateFile } from '../fs/state-file.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import type { Deployment } from './deployment.ts';
import type { Profiles } from './generations.ts';
import { currentGeneration, profileNames } from './generations.ts';
import { readJournal } from './journal.ts';

/** `<runtimeDir>/procform-profile`: the state folder and profile whose switch last deployed to the manager there. */
interface ManagerClaim {
  formatVersion: 1;
  /** For messages: the claimant's --state-dir. */
  stateDir: string;
  /** Who the claimant is: its profiles folder (its state folder's) and profile name. */
  profilesDir: string;
  profile: string;
}

const claimFormat: StateFileFormat<ManagerClaim> = {
  what: 'the manager claim',
  versions: [1],
  schema: looseObject<ManagerClaim>({ stateDir: absolutePath(), profilesDir: absolutePath(), profile: string() }),
  repair: 'It names the state folder and profile whose switch last deployed to the process manager in this runtime folder. Remove it if no other state folder deploys here; the next switch writes it again.',
};

const claimPath = (target: Manifest) => join(target.dirs.runtimeDir, 'procform-profile');

/** The backend's manager lives in the runtime folder and serves one profile, and the target has instances (`down` is never refused). */
function needsManagerOfItsOwn(target: Manifest): boolean {
  return descriptorOf(target.processManager)?.oneProfilePerRuntimeDir === true && target.startOrder.length > 0;
}

/**
 * Refuses a switch to `target` when another profile of the state folder, or the profile of another
 * state folder that claimed the runtime folder, has instances on the same manager (same process
 * manager, same runtime folder) and that manager serves one profile only. A target without
 * instances (`down`) is never refused: it is the way out.
 */
export async function checkManagerNotShared(deployment: Deployment, target: Manifest): Promise<void> {
  if (!needsManagerOfItsOwn(target)) return;
  const { dir } = deployment.profiles;
  for (const name of (await profileNames(dir)).filter((name) => name !== deployment.profiles.name)) {
    const other = await instancesOnManager({ dir, name }, target);
    if (other === null) continue;
    throw new ProcformError(
      `profile "${name}" of this state folder runs on the same ${target.processManager} manager (runtime folder ${target.dirs.runtimeDir}): a switch of profile "${deployment.profiles.name}" would stop its instances (${other.join(', ')})`,
      { hint: `Give profile "${deployment.profiles.name}" a runtime folder of its own (--runtime-dir), or use another --state-dir.` },
    );
  }
  await checkClaim(deployment, target);
}

/**
 * Locks the runtime folder's claim from the check until the claim is written: of two state folders'
 * switches onto one manager at the same moment, the second then finds the first's claim and is
 * refused (without it both passed the check, and the second stopped the first's instances). Taken
 * before the state folder's own lock, always in that order. A no-op where no claim is written.
 */
export async function lockManagerClaim(target: Manifest): Promise<() => Promise<void>> {
  if (!needsManagerOfItsOwn(target)) return async () => {};
  return acquireLock(`${claimPath(target)}.lock`, { guards: `the process manager in ${target.dirs.runtimeDir}`, waitMs: 120_000 });
}

/** Records this state folder's profile as the one the runtime folder's manager serves (after the state folders exist, before the driver applies). */
export async function claimManager(deployment: Deployment, target: Manifest): Promise<void> {
  if (!needsManagerOfItsOwn(target)) return;
  const claim: ManagerClaim = { formatVersion: 1, stateDir: resolve(deployment.dirs.stateDir), profilesDir: resolve(deployment.profiles.dir), profile: deployment.profiles.name };
  await writeFileAtomic(claimPath(target), `${JSON.stringify(claim)}\n`);
}

/**
 * The claim names another state folder: refused while its profile has instances on this manager.
 * A claimant that is gone, or whose profile is empty now (after its `down`), does not refuse.
 */
async function checkClaim(deployment: Deployment, target: Manifest): Promise<void> {
  const file = claimPath(target);
  const claim = await readStateFile(file, claimFormat);
  if (claim === null || (await sameFolder(claim.profilesDir, deployment.profiles.dir))) return;
  const where = `the same ${target.processManager} manager (runtime folder ${target.dirs.runtimeDir})`;
  const down = `procform down -p ${claim.profile} --state-dir ${claim.stateDir}${dirname(dirname(claim.profilesDir)) === join(claim.stateDir, 'lib') ? '' : ` --lib-dir ${dirname(dirname(claim.profilesDir))}`}`;
  let other: string[] | null;
  try {
    other = await instancesOnManager({ dir: claim.profilesDir, name: claim.profile }, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!(error instanceof PermissionDeniedError) && code !== 'EACCES' && code !== 'EPERM') throw error;
    const path = error instanceof PermissionDeniedError ? error.path : (error as NodeJS.ErrnoException).path;
    throw new ProcformError(
      `cannot tell whether profile "${claim.profile}" of state folder ${claim.stateDir}, which claimed ${where} in ${file}, still runs there: this user cannot read ${path ?? (error as Error).message}`,
      { hint: `Give this deployment a runtime folder of its own (--runtime-dir), or run as the user who deployed ${claim.stateDir}.`, cause: error },
    );
  }
  if (other === null) return;
  throw new ProcformError(
    `profile "${claim.profile}" of state folder ${claim.stateDir} runs on ${where}: a switch of profile "${deployment.profiles.name}" of state folder ${deployment.dirs.stateDir} would stop its instances (${other.join(', ')})`,
    { hint: `Give this deployment a runtime folder of its own (--runtime-dir), or stop the other first (\`${down}\`).` },
  );
}

/** The instances a profile has on the target's manager (its current generation, and an unfinished switch's target); null when none. */
async function instancesOnManager(profiles: Profiles, target: Manifest): Promise<string[] | null> {
  const current = await currentGeneration(profiles);
  const journal = await readJournal(join(profiles.dir, `${profiles.name}.switching`));
  for (const path of [journal?.to, current?.path]) {
    if (path === undefined) continue;
    const other = await readManifest(path);
    if (other.processManager !== target.processManager || other.startOrder.length === 0) continue;
    if (await sameFolder(other.dirs.runtimeDir, target.dirs.runtimeDir)) return other.startOrder;
  }
  return null;
}

/** The same folder, also when reached through different paths (a link); paths that do not resolve compare as written. */
async function sameFolder(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [realA, realB] = await Promise.all([realpath(a).catch(() => a), realpath(b).catch(() => b)]);
  return realA === realB;
}
