// Carries a deployment to a built profile: lock, plan against what runs (repairing an interrupted
// switch), check ports, note the intent, create folders and accounts, apply through the process
// manager's driver, record the generation, remove accounts no longer needed.
import { join } from 'node:path';
import type { Manifest, ManifestInstance } from '../build/manifest.ts';
import { adoptDeploymentRecord, emptyAccountsRecord, readAccountsRecord } from '../credentials/accounts-record.ts';
import { applyAccountsBeforeStart, releaseAccountsAfterStop } from '../credentials/apply-accounts.ts';
import type { AccountsLeftError } from '../credentials/errors.ts';
import { machineAccounts } from '../credentials/machine-accounts.ts';
import { planAccounts } from '../credentials/plan-accounts.ts';
import { faultPoint } from '../fault-point.ts';
import { UsageError } from '../errors.ts';
import { checkPortsAvailable } from '../ports/check-ports-available.ts';
import { initStateDirs } from '../state/init-state-dirs.ts';
import { driverFor } from './driver-for.ts';
import type { Deployment } from './deployment.ts';
import { readProfile } from './deployment.ts';
import { buildEmptyProfile } from './empty-profile.ts';
import { addGeneration, currentGeneration, setCurrent } from './generations.ts';
import { clearJournal, readJournal, writeJournal } from './journal.ts';
import { acquireLock } from '../fs/lock-file.ts';
import { planSwitch, withRestarts } from './plan-switch.ts';
import { checkManagerNotShared, claimManager, lockManagerClaim } from './shared-manager.ts';
import type { DeployedProfile, EventSink, SwitchPlan } from './types.ts';

export interface SwitchOutcome {
  plan: SwitchPlan;
  /** The generation made current, or undefined when the profile already was current. */
  generation?: number;
  /**
   * Accounts that could not be removed (a process still runs as the user). Everything else was
   * done; the command reports this after finishing its own work (`down` stops the manager first).
   */
  accountsLeft?: AccountsLeftError;
}

/** The plan of switching to `target`, without changing anything (--dry-run). */
export async function planDeployment(deployment: Deployment, target: Manifest): Promise<SwitchPlan> {
  const { old, interrupted } = await deployedState(deployment);
  return planFor(old, interrupted, target);
}

export async function switchProfile(
  deployment: Deployment,
  target: DeployedProfile,
  events: EventSink,
  options: {
    /** Make this existing generation current instead of recording a new one (rollback). */
    generation?: number;
    /** Stop and start these instances again even if they did not change (restart). */
    restart?: readonly string[];
    /** Writes the target profile into the store: called once the checks passed, so that bad input writes nothing. */
    writeProfile?: () => unknown;
    /** A target without instances that would stop running ones is refused (a model that returns nothing is more likely a mistake than a wish). */
    refuseEmpty?: boolean;
    /** The caller gives up (Ctrl-C on `procform up`): the driver's apply is cancelled where it can be, and the switch fails unfinished. */
    cancel?: AbortSignal;
    /**
     * The target of a switch this same command left unfinished (its own cancel, on Ctrl-C of
     * `procform up`): repairing it is what the command does next, not news of an earlier interruption.
     */
    ownUnfinished?: string;
  } = {},
): Promise<SwitchOutcome> {
  // A process manager procform only builds for is refused before anything is written, the lock included.
  const driver = await driverFor(target.manifest.processManager);
  const release = await acquireLock(deployment.lockPath);
  // Test-only crash points (src/fault-point.ts): every event a driver reports is one too.
  const report: EventSink = (event) => {
    events(event);
    faultPoint(`event:${event.kind}`);
  };
  try {
    faultPoint('switch:locked');
    const { old, interrupted } = await deployedState(deployment, target);
    if (interrupted && interrupted.path !== options.ownUnfinished) events({ kind: 'info', message: 'the previous switch did not finish (it failed or was interrupted); repairing it' });
    const plan = withRestarts(planFor(old, interrupted, target.manifest), target.manifest, options.restart ?? []);
    const foreign = [old, interrupted].filter((profile): profile is DeployedProfile => profile !== null && !sameManager(profile, target.manifest));
    const { dirs, forceDisableUserChange } = target.manifest;

    // Checks that can fail come before anything changes.
    const stopping = [...plan.stop, ...foreign.flatMap((profile) => Object.values(profile.manifest.instances))];
    if (options.refuseEmpty && target.manifest.startOrder.length === 0 && stopping.length > 0) throw new EmptyModelError(stopping);
    checkPortsAvailable({ start: plan.start, stop: stopping });
    // Another profile's switch may be between this check and its switch note, which is what the
    // check reads: the state folder's lock makes check and claim one step, so that of two switches
    // on one manager the second sees the first's note and is refused. Another state folder's switch
    // is found through the runtime folder's claim, under a lock of its own until the claim is written.
    let accounts: ReturnType<typeof planAccounts>;
    const user = join(deployment.profiles.dir, deployment.profiles.name);
    const releaseClaim = await lockManagerClaim(target.manifest);
    try {
      const releaseProfiles = await acquireLock(deployment.profilesLockPath, { guards: `the profiles of this state folder (${deployment.profiles.dir})`, waitMs: 120_000 });
      try {
        await checkManagerNotShared(deployment, target.manifest);
        faultPoint('switch:manager-checked');
        if (!forceDisableUserChange) await adoptDeploymentRecord(dirs.libDir, deployment.profiles.dir, user, machineAccounts());
        const record = forceDisableUserChange ? emptyAccountsRecord() : await readAccountsRecord();
        accounts = planAccounts({ manifest: target.manifest, deployment: user, record, exists: machineAccounts() });
        for (const drift of accounts.drift) {
          events({ kind: 'info', message: `${drift.kind} ${drift.name}: ${drift.properties.join(', ')} changed in the model; the account keeps its old properties` });
        }

        await options.writeProfile?.();
        await writeJournal(deployment.journalPath, { from: old?.path ?? null, to: target.path });
      } finally {
        await releaseProfiles();
      }
      faultPoint('switch:journal-written');
      await initStateDirs(dirs, { forceDisableUserChange });
      // Another state folder's switch on this runtime folder finds this profile through the claim.
      await claimManager(deployment, target.manifest);
    } finally {
      await releaseClaim();
    }
    await applyAccountsBeforeStart(accounts, { deployment: user });
    faultPoint('switch:accounts-ready');
    // Instances deployed with another process manager are stopped by that manager first.
    for (const profile of foreign) await stopEverything(profile, report);
    await driver.apply(plan, { old: old && sameManager(old, target.manifest) ? old : null, new: target }, report, options.cancel);
    faultPoint('switch:applied');

    let generation = options.generation;
    if (generation !== undefined) await setCurrent(deployment.profiles, generation);
    else if (old?.path !== target.path) generation = (await addGeneration(deployment.profiles, target.path)).number;
    faultPoint('switch:generation-recorded');
    await clearJournal(deployment.journalPath);
    faultPoint('switch:journal-cleared');
    // After the generation is recorded: an account that cannot be removed yet (a process still runs
    // as it) stays recorded, and the next switch or down tries again; the deployment itself is done.
    const accountsLeft = await releaseAccountsAfterStop(accounts, { deployment: user });
    return { plan, ...(generation !== undefined && { generation }), ...(accountsLeft !== null && { accountsLeft }) };
  } finally {
    await release();
  }
}

/** A model without instances would stop everything that runs. */
export class EmptyModelError extends UsageError {
  constructor(stopping: readonly ManifestInstance[]) {
    const names = [...new Set(stopping.map((entry) => entry.instance))];
    super(`the model has no instances: switching to it would stop every instance (${names.join(', ')})`, {
      hint: 'Run `procform down` to stop everything, or give --allow-empty to deploy a model without instances.',
    });
  }
}

/**
 * What runs now: the current generation, and the target of an interrupted switch if there was one.
 * A profile at the path of `known` is `known`: a store path's content never changes (an unchanged
 * model's switch reads no manifest).
 */
async function deployedState(deployment: Deployment, known?: DeployedProfile): Promise<{ old: DeployedProfile | null; interrupted: DeployedProfile | null }> {
  const current = await currentGeneration(deployment.profiles);
  const journal = await readJournal(deployment.journalPath);
  const read = (path: string) => (path === known?.path ? known : readProfile(path));
  return {
    old: current ? await read(current.path) : null,
    interrupted: journal ? await read(journal.to) : null,
  };
}

function planFor(old: DeployedProfile | null, interrupted: DeployedProfile | null, target: Manifest): SwitchPlan {
  const same = (profile: DeployedProfile | null) => (profile && sameManager(profile, target) ? profile.manifest : null);
  return planSwitch(same(old), target, same(interrupted));
}

function sameManager(profile: DeployedProfile, target: Manifest): boolean {
  return profile.manifest.processManager === target.processManager;
}

/**
 * Stops every instance of what runs (the current generation, and the target of an interrupted
 * switch) in reverse dependency order, then the manager, and records no generation: a container's
 * stop, after which its next start deploys the same generation again (`down` records an empty one).
 */
export async function stopDeployment(deployment: Deployment, events: EventSink): Promise<void> {
  const release = await acquireLock(deployment.lockPath);
  try {
    const { old, interrupted } = await deployedState(deployment);
    for (const profile of [interrupted, old]) if (profile) await stopEverything(profile, events);
  } finally {
    await release();
  }
}

async function stopEverything(profile: DeployedProfile, events: EventSink): Promise<void> {
  const empty = await buildEmptyProfile(profile.manifest);
  const driver = await driverFor(profile.manifest.processManager);
  await driver.apply(planSwitch(profile.manifest, empty.manifest), { old: profile, new: empty }, events);
  await driver.stopManager?.(empty);
}
