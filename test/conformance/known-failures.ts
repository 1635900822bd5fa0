// Checks of the conformance suite that a backend cannot pass yet, each with the bug that makes it
// fail. They run as `it.fails`: the run stays green while the bug is there, and turns red when it
// is fixed, so that the entry is removed then. Keys: `backend` or `backend/profile`, then the
// check's title.
const crashLoop = 'fails the switch of an instance that exits at once, with its exit and last lines, and status exits 3 naming it';
const noStartRule = 'issue 12.3: its driver does not apply the start rule yet (a start counts after MIN_UPTIME_MS or a passed readiness check, src/runtime/backoff.ts), so a program that exits at once is reported started';
const knownFailures: Record<string, Record<string, string>> = {
  's6-rc': { [crashLoop]: noStartRule },
  runit: { [crashLoop]: noStartRule },
};

/** The bug that makes a check fail for a backend and profile, if it is a known failure. */
export function knownFailure(backend: string, profile: string, check: string): string | undefined {
  return knownFailures[`${backend}/${profile}`]?.[check] ?? knownFailures[backend]?.[check];
}
