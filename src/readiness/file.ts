import { stat } from 'node:fs/promises';
import type { ProbeResult } from './probe.ts';
import { notReady, ready } from './probe.ts';

/** Ready when a path exists: for programs that announce readiness by creating a socket or a marker file. */
export async function probeFile(path: string): Promise<ProbeResult> {
  try {
    await stat(path);
    return ready;
  } catch {
    return notReady(`${path} does not exist yet`);
  }
}
