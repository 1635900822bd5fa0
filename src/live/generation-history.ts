import { readProfile } from '../deploy/deployment.ts';
import type { Deployment } from '../deploy/deployment.ts';
import { listGenerations } from '../deploy/generations.ts';

/** One generation as the dashboard lists it: what it deployed, and what changed from the one before. */
export interface GenerationSummary {
  number: number;
  createdAt: string;
  current: boolean;
  processManager: string | null;
  instances: string[];
  added: string[];
  removed: string[];
  /** Instances in both whose configuration (store entry) differs. */
  changed: string[];
  /** Why its manifest could not be read (its store entry was collected or damaged). */
  unreadable?: string;
}

/** The deployment's generations, newest first, each compared with the one before it. */
export async function generationHistory(deployment: Deployment): Promise<GenerationSummary[]> {
  const summaries: GenerationSummary[] = [];
  let before = new Map<string, string>();
  for (const generation of await listGenerations(deployment.profiles)) {
    const base = { number: generation.number, createdAt: generation.createdAt.toISOString(), current: generation.current };
    let manifest;
    try {
      ({ manifest } = await readProfile(generation.path));
    } catch (error) {
      summaries.push({ ...base, processManager: null, instances: [], added: [], removed: [], changed: [], unreadable: (error as Error).message });
      before = new Map();
      continue;
    }
    const now = new Map(Object.values(manifest.instances).map((entry) => [entry.instance, entry.storePath]));
    summaries.push({
      ...base,
      processManager: manifest.processManager,
      instances: manifest.startOrder,
      added: manifest.startOrder.filter((key) => !before.has(key)),
      removed: [...before.keys()].filter((key) => !now.has(key)),
      changed: manifest.startOrder.filter((key) => before.has(key) && before.get(key) !== now.get(key)),
    });
    before = now;
  }
  return summaries.reverse();
}
