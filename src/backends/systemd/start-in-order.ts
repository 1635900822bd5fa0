import type { ManifestInstance } from '../../build/manifest.ts';

// More than this many `systemctl start` calls waiting at once buys nothing on a small machine.
const maxParallelStarts = 16;

/**
 * Starts instances as soon as the ones they depend on are up, several at once: `start` resolves
 * once its unit is ready (ExecStartPost= waited for it), so a dependent never starts early. After
 * the first failure nothing new starts (its dependents could not work); the starts under way
 * finish, then the first error is thrown.
 */
export async function startInOrder(entries: readonly ManifestInstance[], start: (entry: ManifestInstance) => Promise<void>): Promise<void> {
  const pending = new Set(entries.map((entry) => entry.instance));
  const done = new Map<string, Promise<void>>();
  let running = 0;
  const slots: (() => void)[] = [];
  // A holder, not a variable: TypeScript does not see the closures below assign it.
  const outcome: { failed: boolean; error?: unknown } = { failed: false };

  const acquire = async () => {
    if (running < maxParallelStarts) running += 1;
    else await new Promise<void>((resolve) => slots.push(resolve));
  };
  // A waiting start takes the slot over as it is.
  const release = () => {
    const next = slots.shift();
    if (next) next();
    else running -= 1;
  };

  // Entries come dependencies first (the manifest's start order), so each dependency's promise exists already.
  for (const entry of entries) {
    const dependencies = entry.dependencies.filter((dependency) => pending.has(dependency)).map((dependency) => done.get(dependency)!);
    done.set(
      entry.instance,
      (async () => {
        await Promise.all(dependencies);
        if (outcome.failed) return;
        await acquire();
        try {
          if (!outcome.failed) await start(entry);
        } catch (error) {
          if (!outcome.failed) Object.assign(outcome, { failed: true, error });
        } finally {
          release();
        }
      })(),
    );
  }
  await Promise.all(done.values());
  if (outcome.failed) throw outcome.error;
}
