// What a managed process and a dependency are, without zod: the build asks this of instances whose
// validation it takes from the validation cache, and schema.ts uses the same tests.

/** Something createManagedProcess returned. */
export function isManagedProcess(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'managed-process';
}

/** A dependency: another instance of the model, or its pkg. */
export function isDependency(value: unknown): boolean {
  return isManagedProcess(value) || (typeof value === 'object' && value !== null && isManagedProcess((value as { pkg?: unknown }).pkg));
}
