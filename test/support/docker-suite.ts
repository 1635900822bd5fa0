import { afterAll, beforeAll, onTestFinished } from 'vitest';
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

/**
 * For the tests of `-P docker`: every procform command the test runs (through runCli, which passes
 * process.env on) talks to the private daemon; DOCKER_HOST is restored when the test ends.
 */
export function pointProcformAt(dockerd: PrivateDockerd): void {
  const previous = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = dockerd.host;
  onTestFinished(() => {
    if (previous === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = previous;
  });
}
