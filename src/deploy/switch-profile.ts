// Carries a deployment to a built profile: lock, plan against what runs (repairing an interrupted
// switch), note the intent, apply through the process manager's driver, record the generation.
import type { Manifest } from '../build/manifest.ts';
import { driverFor } from './driver-for.ts';
import type { Deployment } from './deployment.ts';
import { readProfile } from './deployment.ts';
import { buildEmptyProfile } from './empty-profile.ts';
import { addGeneration, currentGeneration, setCurrent } from './generations.ts';
import { initState } from './init-state.ts';
import { clearJournal, readJournal, writeJournal } from './journal.ts';
import { acquireLock } from './lock.ts';
import { planSwitch } from './plan-switch.ts';
import type { DeployedProfile, EventSink, SwitchPlan } from './types.ts';

export interface SwitchOutcome {
  plan: SwitchPlan;
  /** The generation made current, or undefined when the profile already was current. */
  generation?: number;
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
  /** Make this existing generation current instead of recording a new one (rollback). */
  options: { generation?: number } = {},
): Promise<SwitchOutcome> {
  const release = await acquireLock(deployment.lockPath);
  try {
    const { old, interrupted } = await deployedState(deployment);
    if (interrupted) events({ kind: 'info', message: 'the previous switch was interrupted; repairing it' });
    const plan = planFor(old, interrupted, target.manifest);

    await writeJournal(deployment.journalPath, { from: old?.path ?? null, to: target.path });
    await initState(target.manifest.dirs, target.manifest.forceDisableUserChange);
    // Instances deployed with another process manager are stopped by that manager first.
    for (const foreign of [old, interrupted]) {
      if (foreign && !sameManager(foreign, target.manifest)) await stopEverything(foreign, events);
    }
    const driver = await driverFor(target.manifest.processManager);
    await driver.apply(plan, { old: old && sameManager(old, target.manifest) ? old : null, new: target }, events);

    let generation = options.generation;
    if (generation !== undefined) await setCurrent(deployment.profiles, generation);
    else if (old?.path !== target.path) generation = (await addGeneration(deployment.profiles, target.path)).number;
    await clearJournal(deployment.journalPath);
    return { plan, ...(generation !== undefined && { generation }) };
  } finally {
    await release();
  }
}

/** What runs now: the current generation, and the target of an interrupted switch if there was one. */
async function deployedState(deployment: Deployment): Promise<{ old: DeployedProfile | null; interrupted: DeployedProfile | null }> {
  const current = await currentGeneration(deployment.profiles);
  const journal = await readJournal(deployment.journalPath);
  return {
    old: current ? await readProfile(current.path) : null,
    interrupted: journal ? await readProfile(journal.to) : null,
  };
}

function planFor(old: DeployedProfile | null, interrupted: DeployedProfile | null, target: Manifest): SwitchPlan {
  const same = (profile: DeployedProfile | null) => (profile && sameManager(profile, target) ? profile.manifest : null);
  return planSwitch(same(old), target, same(interrupted));
}

function sameManager(profile: DeployedProfile, target: Manifest): boolean {
  return profile.manifest.processManager === target.processManager;
}

async function stopEverything(profile: DeployedProfile, events: EventSink): Promise<void> {
  const empty = await buildEmptyProfile(profile.manifest);
  const driver = await driverFor(profile.manifest.processManager);
  await driver.apply(planSwitch(profile.manifest, empty.manifest), { old: profile, new: empty }, events);
  await driver.stopManager?.(empty);
}
