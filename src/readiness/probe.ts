// The outcome of one readiness probe. Failures carry a detail in words, so that a timeout can say
// what the last attempt saw ("connection refused", "status 503") instead of just "not ready".
export type ProbeResult = { ok: true } | { ok: false; detail: string };

export const ready: ProbeResult = { ok: true };

export function notReady(detail: string): ProbeResult {
  return { ok: false, detail };
}
