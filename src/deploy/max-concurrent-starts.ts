import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.ts';

/**
 * How many instances may be starting (started, not yet ready) at once: PROCFORM_MAX_CONCURRENT_STARTS,
 * else 4 × the CPU count. Instances that depend on each other still start one after the other.
 */
export function maxConcurrentStarts(): number {
  const fromEnv = process.env.PROCFORM_MAX_CONCURRENT_STARTS;
  if (fromEnv === undefined || fromEnv === '') return availableParallelism() * 4;
  const value = Number(fromEnv);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`PROCFORM_MAX_CONCURRENT_STARTS must be a positive whole number, got "${fromEnv}"`);
  return value;
}
