import { InstanceError } from '../errors.ts';
import type { Override } from '../model/types.ts';

/**
 * Applies a model's override to a backend's generated parameters, as upstream does: an object is
 * deep-merged (objects merge key by key, anything else replaces), a function transforms a copy.
 */
export function applyOverride(
  generated: Record<string, unknown>,
  override: Override | undefined,
  where: { instance: string; processManager: string },
): Record<string, unknown> {
  if (override === undefined) return generated;
  if (typeof override !== 'function') return deepMerge(generated, override);
  let result: unknown;
  try {
    result = override(structuredClone(generated));
  } catch (error) {
    throw new InstanceError(
      { instance: where.instance, field: `pkg.overrides.${where.processManager}`, message: `the override function failed: ${(error as Error).message}` },
      { cause: error },
    );
  }
  if (!isPlainObject(result)) {
    throw new InstanceError({
      instance: where.instance,
      field: `pkg.overrides.${where.processManager}`,
      message: 'the override function must return the parameters object',
    });
  }
  return result;
}

export function deepMerge(base: Record<string, unknown>, update: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(update)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
