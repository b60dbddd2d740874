/**
 * The longest delay Node can schedule, in ms (2^31 − 1, about 24.8 days): `setTimeout` and `AbortSignal.timeout`
 * fire a longer one after 1 ms instead. Every delay option is checked against it when the client is made.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms` milliseconds; may reject early when `signal` aborts. Injectable so tests never really wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The default {@link Sleep}: a real timer that is cleared, and rejects with `signal.reason`, on abort. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Sleeps with `sleep`, but settles as soon as `signal` aborts even when an injected `sleep` ignores the signal.
 * Resolves `true` when the full time passed, `false` when aborted.
 */
export async function sleepUnlessAborted(sleep: Sleep, ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (!signal) {
    await sleep(ms);
    return true;
  }
  if (signal.aborted) return false;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([
      sleep(ms, signal).then(
        () => true,
        (error: unknown) => {
          // A sleep that rejects because of the abort is an abort; anything else is a real failure.
          if (signal.aborted) return false;
          throw error;
        },
      ),
      aborted,
    ]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}
