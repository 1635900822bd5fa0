/** A task of a dependency-ordered run: it begins once every task in `after` has succeeded. */
export interface OrderedTask {
  key: string;
  after: readonly string[];
  /** Whether it takes one of the `limit` slots while it runs. */
  limited: boolean;
  /**
   * The task; it may give its slot back before it ends (`releaseSlot`), when what is left is
   * waiting that costs the machine nothing (a program proving it stays up).
   */
  run: (releaseSlot: () => void) => Promise<void>;
}

/**
 * Runs tasks as early as their prerequisites allow, with at most `limit` limited tasks at once
 * (taken in the order given, so a start order stays the tie-break). A task whose prerequisite failed
 * does not run and fails too, naming it. Resolves with each task's error (null for success).
 */
export async function runInOrder(tasks: readonly OrderedTask[], limit: number): Promise<Map<string, Error | null>> {
  const known = new Set(tasks.map((task) => task.key));
  const outcomes = new Map<string, Promise<Error | null>>();
  const slots = createSemaphore(limit);
  // Build promises in dependency order; a prerequisite may be listed after its dependent.
  const pending = new Map(tasks.map((task) => [task.key, task]));
  const outcomeOf = (key: string): Promise<Error | null> => {
    const existing = outcomes.get(key);
    if (existing) return existing;
    const task = pending.get(key)!;
    // Placeholder against cycles (the graph is acyclic; this only guards the recursion).
    outcomes.set(key, Promise.resolve(null));
    const outcome = (async (): Promise<Error | null> => {
      const prerequisites = task.after.filter((other) => known.has(other) && other !== key);
      const results = await Promise.all(prerequisites.map(outcomeOf));
      const failedIndex = results.findIndex((result) => result !== null);
      if (failedIndex !== -1) return notStarted(prerequisites[failedIndex]!);
      const release = once(task.limited ? await slots() : () => {});
      try {
        await task.run(release);
        return null;
      } catch (error) {
        return error as Error;
      } finally {
        release();
      }
    })();
    outcomes.set(key, outcome);
    return outcome;
  };
  for (const task of tasks) outcomeOf(task.key);
  const entries = await Promise.all(tasks.map(async (task) => [task.key, await outcomes.get(task.key)!] as const));
  return new Map(entries);
}

/** The outcome of a task whose prerequisite failed. */
export function notStarted(dependency: string): Error {
  return new Error(`not started: its dependency "${dependency}" failed`);
}

/** A counting semaphore: resolves with a release function once a slot is free, first come first served. */
function createSemaphore(limit: number): () => Promise<() => void> {
  let free = Math.max(1, limit);
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else free += 1;
  };
  return () =>
    new Promise((resolve) => {
      if (free > 0) {
        free -= 1;
        resolve(release);
      } else {
        queue.push(() => resolve(release));
      }
    });
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
