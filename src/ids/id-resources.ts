// The ID resources model: named pools of unique numbers (ports, UIDs, GIDs, anything else) that
// `procform ids assign` hands out to the instances asking for them with requiresUniqueIdsFor.
import { z } from 'zod';
import type { IdResourcesProblem } from './errors.ts';
import { IdResourcesError } from './errors.ts';

/** A pool of IDs, `min` to `max` inclusive. */
export interface IdPool {
  min: number;
  max: number;
  /** Upstream's only scope for process deployments; accepted so that upstream models port as they are. */
  scope?: 'global';
}

/** Pools by name: `{ webappPorts: { min: 5000, max: 6000 }, uids: { min: 2000, max: 3000 }, … }`. */
export type IdResources = Record<string, IdPool>;

const pool = z
  .object({
    min: z.number().int().min(0),
    max: z.number().int().min(0),
    scope: z.literal('global', { message: 'only "global" is supported (per-machine scopes belong to network deployments)' }).optional(),
  })
  .strict()
  .refine((value) => value.max >= value.min, { message: 'max must not be lower than min', path: ['max'] });

/** Checks a loaded ID resources value; every problem names the file, the pool and the field. */
export function validateIdResources(file: string, value: unknown): IdResources {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IdResourcesError(file, [{ message: 'must be an object of pools, such as { webappPorts: { min: 5000, max: 6000 } }' }]);
  }
  const problems: IdResourcesProblem[] = [];
  const resources: IdResources = {};
  for (const [name, definition] of Object.entries(value)) {
    const parsed = pool.safeParse(definition);
    if (parsed.success) {
      resources[name] = parsed.data;
      continue;
    }
    for (const issue of parsed.error.issues) {
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}; a pool has min, max and scope`
          : issue.message;
      const field = issue.path.map(String).join('.');
      problems.push(field === '' ? { pool: name, message } : { pool: name, field, message });
    }
  }
  if (problems.length > 0) throw new IdResourcesError(file, problems);
  return resources;
}
