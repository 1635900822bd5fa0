import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './cli.ts';

/**
 * Compares generated text with a checked-in expected file. Store hashes, this checkout's path and
 * Node's path differ between machines, so they are replaced by placeholders first. A missing
 * expected file fails (a test that writes its own expectation cannot fail): run with
 * UPDATE_GOLDEN=1 to (re)write the expected files, then review the diff.
 */
export function expectGolden(goldenFile: string, actual: string): void {
  const normalized = normalizeForGolden(actual);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(goldenFile), { recursive: true });
    writeFileSync(goldenFile, normalized);
    return;
  }
  if (!existsSync(goldenFile)) throw new Error(`golden file ${goldenFile} is missing; write it with UPDATE_GOLDEN=1 and review it`);
  expect(normalized).toBe(readFileSync(goldenFile, 'utf8'));
}

export function normalizeForGolden(text: string): string {
  return text
    .replace(/\/[0-9a-z]{32}-/g, '/HASH-')
    .replaceAll(repoRoot.replace(/\/$/, ''), '<repo>')
    .replaceAll(process.execPath, '<node>');
}
