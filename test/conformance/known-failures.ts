// Checks of the conformance suite that a backend cannot pass yet, each with the bug that makes it
// fail. They run as `it.fails`: the run stays green while the bug is there, and turns red when it
// is fixed, so that the entry is removed then. Keys: `backend` or `backend/profile`, then the
// check's title.
const knownFailures: Record<string, Record<string, string>> = {};

/** The bug that makes a check fail for a backend and profile, if it is a known failure. */
export function knownFailure(backend: string, profile: string, check: string): string | undefined {
  return knownFailures[`${backend}/${profile}`]?.[check] ?? knownFailures[backend]?.[check];
}
