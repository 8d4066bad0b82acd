// Waiting on conditions (never on the clock): poll until a check holds, fail with what was awaited.
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `check` until it returns something other than undefined/false; rejects after the
 * deadline naming `what` and the last value seen, or at once if `check` throws.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${options.timeoutMs ?? 60_000} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
}
