import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { ManagerScope } from './scope.ts';
import { unitFilePath } from './unit-name.ts';

/** The unit file in an instance's store entry. */
export function unitFileOf(entry: ManifestInstance, scope: ManagerScope): string {
  return join(entry.storePath, unitFilePath(entry.name, scope));
}

/** Which manager an entry was built for: its store entry holds a system or a user unit. */
export function scopeOfEntry(entry: ManifestInstance, fallback: ManagerScope): ManagerScope {
  if (existsSync(unitFileOf(entry, 'system'))) return 'system';
  if (existsSync(unitFileOf(entry, 'user'))) return 'user';
  return fallback;
}
