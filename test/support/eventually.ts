/** expect.poll's options for a loaded machine, where its default second is too short. */
export const patiently = { timeout: 20_000, interval: 50 };

/**
 * Polls until `check` returns something other than undefined or false, and returns it; fails after
 * `timeoutMs`, naming `what` it waited for.
 */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
