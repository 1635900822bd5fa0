// What a machine says about itself when capture-infra asks (run there, by `procform machine-info`):
// the facts a network deployment needs, and the containers its procform deployments provide.
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { arch, hostname, platform } from 'node:os';
import { join } from 'node:path';
import { BACKENDS } from '../backends/registry.ts';
import { readManifest } from '../build/manifest.ts';
import { currentGeneration } from '../deploy/generations.ts';
import type { DirOptions } from '../model/deployment-dirs.ts';
import { procformHome, resolveDeploymentDirs, resolveForceDisableUserChange } from '../model/deployment-dirs.ts';
import type { DeploymentDirs } from '../model/types.ts';
import { hostTarget } from '../target/host-target.ts';
import type { MachineDescription } from '../target/machine-description.ts';
import { describeMachine } from '../target/machine-description.ts';
import { packageRoot } from '../package-root.ts';
import type { MachineContainer } from './types.ts';

export interface MachineInfo {
  hostname: string;
  /** Nix's spelling: x86_64-linux, aarch64-linux. */
  system: string;
  procformVersion: string;
  nodeVersion: string;
  /** Process managers procform can deploy with here: their programs are installed (systemd: it is the init). */
  processManagers: string[];
  /** Where procform deploys here (the deploy command's coordinator builds for them). */
  dirs: DeploymentDirs;
  storeDir: string;
  forceDisableUserChange: boolean;
  callingUser: string;
  callingGroup: string;
  /** Where network deployments put their files here: services models, generated models. */
  networkDir: string;
  /** What a build for this machine needs to know (see `procform describe-machine`). */
  description: MachineDescription;
  /** Containers of the current generations of every profile in the state folder, by name. */
  containers: Record<string, MachineContainer & { provider: string; profile: string }>;
}

/** Describes this machine, for capture-infra. */
export async function describeThisMachine(dirOptions: DirOptions = {}): Promise<MachineInfo> {
  const dirs = resolveDeploymentDirs(dirOptions);
  const { caller } = hostTarget();
  return {
    hostname: hostname(),
    system: `${{ x64: 'x86_64', arm64: 'aarch64', ia32: 'i686' }[arch() as string] ?? arch()}-${platform()}`,
    procformVersion: (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version,
    nodeVersion: process.version,
    processManagers: BACKENDS.filter(({ testing }) => testing !== undefined && testing.programs.every((program) => existsSync(program.path)) && (testing.init !== 'systemd' || existsSync('/run/systemd/system'))).map(
      ({ name }) => name,
    ),
    dirs,
    storeDir: procformHome(dirs).storeDir,
    forceDisableUserChange: resolveForceDisableUserChange(dirOptions.forceDisableUserChange),
    callingUser: caller.user,
    callingGroup: caller.group,
    networkDir: join(dirs.libDir, 'procform', 'network'),
    description: describeMachine(),
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
