// What a machine says about itself when capture-infra or deploy asks (run there, by `procform
// machine-info`): its description (`procform describe-machine`: hostname, system, versions, Node and
// procform, executables, accounts, who deploys), and what a network deployment needs besides: the
// process managers it can use, where procform deploys there, and the containers its procform
// deployments provide.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKENDS } from '../backends/registry.ts';
import { readManifest } from '../build/manifest.ts';
import { currentGeneration } from '../deploy/generations.ts';
import type { DirOptions } from '../model/deployment-dirs.ts';
import { procformHome, resolveDeploymentDirs, resolveForceDisableUserChange } from '../model/deployment-dirs.ts';
import type { DeploymentDirs } from '../model/types.ts';
import type { MachineDescription } from '../target/machine-description.ts';
import { describeMachine } from '../target/machine-description.ts';
import type { MachineContainer } from './types.ts';

export interface MachineInfo {
  /** What a build for this machine needs to know, and who it is (see `procform describe-machine`). */
  description: MachineDescription;
  /** Process managers procform can deploy with here: their programs are installed (systemd: it is the init). */
  processManagers: string[];
  /** Where procform deploys here (the deploy command's coordinator builds for them). */
  dirs: DeploymentDirs;
  storeDir: string;
  forceDisableUserChange: boolean;
  /** Where network deployments put their files here: services models, generated models. */
  networkDir: string;
  /** Containers of the current generations of every profile in the state folder, by name. */
  containers: Record<string, MachineContainer & { provider: string; profile: string }>;
}

/** Describes this machine, for capture-infra and deploy. */
export async function describeThisMachine(dirOptions: DirOptions = {}): Promise<MachineInfo> {
  const dirs = resolveDeploymentDirs(dirOptions);
  return {
    description: describeMachine(),
    processManagers: BACKENDS.filter(({ testing }) => testing !== undefined && testing.programs.every((program) => existsSync(program.path)) && (testing.init !== 'systemd' || existsSync('/run/systemd/system'))).map(
      ({ name }) => name,
    ),
    dirs,
    storeDir: procformHome(dirs).storeDir,
    forceDisableUserChange: resolveForceDisableUserChange(dirOptions.forceDisableUserChange),
    networkDir: join(dirs.libDir, 'procform', 'network'),
    containers: await providedContainers(procformHome(dirs).profilesDir),
  };
}

async function providedContainers(profilesDir: string): Promise<MachineInfo['containers']> {
  const entries = await readdir(profilesDir).catch(() => [] as string[]);
  const profiles = [...new Set(entries.map((entry) => /^(.+)-\d+-link$/.exec(entry)?.[1]).filter((name): name is string => name !== undefined))].sort();
  const containers: MachineInfo['containers'] = {};
  for (const profile of profiles) {
    const current = await currentGeneration({ dir: profilesDir, name: profile });
    if (current === undefined) continue;
    const manifest = await readManifest(current.path);
    for (const instance of Object.values(manifest.instances)) {
      if (instance.container) containers[instance.container.name] = { type: instance.container.type, properties: instance.container.properties, provider: instance.instance, profile };
    }
  }
  return containers;
}
