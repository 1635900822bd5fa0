import { afterAll, beforeAll } from 'vitest';
import type { PrivateDockerd } from './private-dockerd.ts';
import { startPrivateDockerd } from './private-dockerd.ts';

/** A private dockerd for the tests of the enclosing describe block, stopped (and cleaned) after them. */
export function usePrivateDockerd(): () => PrivateDockerd {
  let dockerd: PrivateDockerd | undefined;
  beforeAll(async () => {
    dockerd = await startPrivateDockerd();
  }, 90_000);
  afterAll(async () => {
    await dockerd?.stop();
  }, 120_000);
  return () => dockerd!;
}
