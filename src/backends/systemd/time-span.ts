/** Milliseconds as a systemd time span ("10s", "150ms"), the way people write them in units. */
export function timeSpan(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
