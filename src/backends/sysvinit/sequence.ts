// rc sequence numbers, as upstream derives them: a script starts after everything it depends on
// (one more than the highest of its dependencies) and is killed in the mirrored position.
import type { ProcessSpec } from '../../model/types.ts';
import { MAX_SEQUENCE, MIN_SEQUENCE } from './params.ts';

/** 0 without dependencies, else max(dependency's sequence) + 1. The graph is acyclic (validated). */
export function startSequence(name: string, processes: ReadonlyMap<string, ProcessSpec>): number {
  const dependencies = processes.get(name)?.dependencies ?? [];
  if (dependencies.length === 0) return MIN_SEQUENCE;
  return Math.max(...dependencies.map((dependency) => startSequence(dependency, processes))) + 1;
}

/** Kill links stop in reverse start order: 99 − start (+ the minimum). */
export function killSequence(start: number): number {
  return MAX_SEQUENCE - start + MIN_SEQUENCE;
}

/** Two digits, as rc?.d link names need for their order to be the lexical one. */
export function formatSequence(sequence: number): string {
  return String(sequence).padStart(2, '0');
}
