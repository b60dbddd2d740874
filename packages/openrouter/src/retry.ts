import { abortedError, OpenRouterError, scrubCause } from './errors.js';
import { sleepUnlessAborted, type Sleep } from './sleep.js';

/** How a client retries: the one policy `chat()`, `stream()` and `embed()` share. */
export interface RetryPolicy {
  /** Time limit per attempt in ms (for a stream, until its first data); `Infinity` disables it. */
  readonly timeoutMs: number;
  /** Time limit for the whole call in ms, attempts and waits included; `Infinity` disables it. */
  readonly deadlineMs: number;
  /** Retries after the first attempt for retryable failures. */
  readonly maxRetries: number;
  /** The API key, only to redact it from errors. */
  readonly secret: string;
  readonly sleep: Sleep;
  /** The clock the deadline is kept on, in epoch ms. */
  now(): number;
  /** The wait before retry n, in ms, honouring a server's `Retry-After` (in ms) when given. */
  delayBeforeRetry(failedAttempt: number, retryAfterMs: number | undefined): number;
}

/** What one attempt produced: a value, or an error (retried when `error.retryable`). */
export type Outcome<T> = { value: T } | { error: OpenRouterError };

/**
 * Runs `attempt` until it produces a value, retrying retryable errors up to `maxRetries` times after the server's
 * `Retry-After` or the policy's backoff, all within `deadlineMs`: each attempt gets the shorter of `timeoutMs` and
 * the time left (`limitMs`), an attempt cut short by the deadline ends the call, and no retry starts that could
 * only begin after it. A caller's abort rejects at once with `code: 'aborted'`, during an attempt or a wait.
 */
export async function withRetries<T>(policy: RetryPolicy, signal: AbortSignal | undefined, attempt: (limitMs: number) => Promise<Outcome<T>>): Promise<T> {
  const deadline = policy.deadlineMs === Infinity ? Infinity : policy.now() + policy.deadlineMs;
  let previous: OpenRouterError | undefined;
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw abortedError(scrubCause(signal.reason, policy.secret));
    const leftMs = deadline - policy.now();
    // A backoff that slept longer than asked may leave no time; the first attempt always has some (deadlineMs ≥ 1).
    if (previous !== undefined && leftMs <= 0) throw deadlineError(policy.deadlineMs, n - 1, previous);
    const limitMs = Math.min(policy.timeoutMs, Math.max(1, Math.ceil(leftMs)));
    const outcome = await attempt(limitMs);
    if ('value' in outcome) return outcome.value;
    const { error } = outcome;
    previous = error;
    if (error.code === 'timeout' && limitMs < policy.timeoutMs) throw deadlineError(policy.deadlineMs, n, error);
    if (!error.retryable) throw error;
    if (n > policy.maxRetries) throw n > 1 ? afterAttempts(error, n) : error;
    const delay = policy.delayBeforeRetry(n, error.retryAfterMs);
    // A retry that could only start at or after the deadline would fail anyway: fail now instead of waiting.
    if (policy.now() + delay >= deadline) throw deadlineError(policy.deadlineMs, n, error);
    if (!(await sleepUnlessAborted(policy.sleep, delay, signal))) throw abortedError(scrubCause(signal?.reason, policy.secret));
  }
}

/** The call ran out of `deadlineMs`: retryable (a later call may succeed), with the last attempt's error as cause. */
function deadlineError(deadlineMs: number, attempts: number, last: OpenRouterError): OpenRouterError {
  return new OpenRouterError(
    `OpenRouter gave no answer within the call's deadline of ${deadlineMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'}; last: ${last.message}). Raise \`deadlineMs\`, or try again later.`,
    { code: 'timeout', retryable: true, cause: last },
  );
}

/** `error`, its message saying that retries ran out. */
function afterAttempts(error: OpenRouterError, attempts: number): OpenRouterError {
  const { status, code, retryable, cause, metadata, retryAfterMs } = error;
  return new OpenRouterError(`${error.message} Gave up after ${attempts} attempts.`, { status, code, retryable, cause, metadata, retryAfterMs });
}
