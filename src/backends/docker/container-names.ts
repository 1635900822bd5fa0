// How the docker backend names what it makes on the docker host: containers per deployment (so that
// two deployments of the same model coexist), images per store entry (so that an unchanged instance
// keeps its image, and a changed one gets a new one).
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { DeploymentDirs } from '../../model/types.ts';
import type { ContainerIdentity } from './create-args.ts';

export const LABELS = { deployment: 'org.procform.deployment', instance: 'org.procform.instance', storePath: 'org.procform.store-path' } as const;

/** The deployment's key: a hash of its state folder. */
export function deploymentKey(dirs: DeploymentDirs): string {
  return createHash('sha256').update(dirs.stateDir).digest('hex').slice(0, 8);
}

export function containerName(dirs: DeploymentDirs, entry: ManifestInstance): string {
  return `procform-${deploymentKey(dirs)}-${entry.name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

export function containerIdentity(dirs: DeploymentDirs, entry: ManifestInstance): ContainerIdentity {
  return {
    instance: entry.instance,
    container: containerName(dirs, entry),
    image: `procform-${entry.name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_')}:${createHash('sha256').update(entry.storePath).digest('hex').slice(0, 16)}`,
    labels: { [LABELS.deployment]: deploymentKey(dirs), [LABELS.instance]: entry.instance, [LABELS.storePath]: entry.storePath },
    caller: process.getuid === undefined || process.getuid() === 0 ? null : `${process.getuid()}:${process.getgid!()}`,
  };
}

/** The store an instance's entry is in (mounted read-only into its container). */
export function storeDirOf(entry: ManifestInstance): string {
  return dirname(entry.storePath);
}
