// Checks of the conformance suite that a backend cannot pass yet, each with the bug that makes it
// fail. They run as `it.fails`: the run stays green while the bug is there, and turns red when it
// is fixed, so that the entry is removed then. Keys: `backend` or `backend/profile`, then the
// check's title.
const knownFailures: Record<string, Record<string, string>> = {
  supervisord: {
    'reports a crashed instance that is not restarted as failed, saying how it ended, with its last lines':
      'a program killed by a signal is reported "EXITED: exited -1": supervisord\'s XML-RPC exitstatus is -1 for any signal, and the driver does not look further (supervisord\'s own log says "terminated by SIGKILL")',
  },
  sysvinit: {
    "deploys the docs' first example, a `process` alone, and stops it":
      'issue 12.4: a `process` without a mode is run as a daemon by start-stop-daemon --start without --background, so the switch waits forever for a program that stays in the foreground',
  },
};

/** The bug that makes a check fail for a backend and profile, if it is a known failure. */
export function knownFailure(backend: string, profile: string, check: string): string | undefined {
  return knownFailures[`${backend}/${profile}`]?.[check] ?? knownFailures[backend]?.[check];
}
