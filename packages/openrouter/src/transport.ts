import { abortedError, clip, httpError, networkError, OpenRouterError, redact, scrubCause } from './errors.js';
import { errorIn, scrubMetadata } from './choice-error.js';
import { sleepUnlessAborted, type Sleep } from './sleep.js';

/**
 * What `stream()` and `embed()` borrow from an {@link OpenRouterClient}: its endpoint, headers (key included),
 * fetch, limits and retry policy. Internal: never exported from the package, so the key stays inside.
 */
export interface Transport {
  /** API root without a trailing slash, e.g. https://openrouter.ai/api/v1 */
  readonly baseUrl: string;
  /** Authorization, content type and attribution headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof fetch;
  /** The API key, only to redact it from errors. */
  readonly secret: string;
  /** Time limit per attempt in ms; for a stream, the longest silence between two reads. `Infinity` disables it. */
  readonly timeoutMs: number;
  /** Retries after the first attempt for retryable failures. */
  readonly maxRetries: number;
  readonly sleep: Sleep;
  /** Counts one upstream HTTP request. */
  countCall(): void;
  /** The wait before retry n, honouring a server's `Retry-After` (in ms) when given. */
  delayBeforeRetry(failedAttempt: number, retryAfterMs: number | undefined): number;
  /** A `Retry-After` header value as ms from now, or `undefined`. */
  retryAfterMs(header: string | null): number | undefined;
}

/**
 * A timer that aborts `controller` after `ms` of silence; `touch()` restarts the count. A per-attempt timeout is
 * one that is never touched; a stream touches it on every read, so a long answer that keeps arriving never
 * times out while a stalled one does. OpenRouter's `: OPENROUTER PROCESSING` comments count as arriving data.
 */
export class IdleTimer {
  readonly #timer: NodeJS.Timeout | undefined;
  #fired = false;

  constructor(ms: number, controller: AbortController) {
    if (!Number.isFinite(ms)) return;
    this.#timer = setTimeout(() => {
      this.#fired = true;
      controller.abort(new DOMException(`No data for ${ms} ms`, 'TimeoutError'));
    }, ms);
  }

  get fired(): boolean {
    return this.#fired;
  }

  touch(): void {
    this.#timer?.refresh();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}

/** What one attempt's `read` decided: a value, or an error (retried when `error.retryable`). */
export type Outcome<T> = { value: T } | { error: OpenRouterError };

/** One attempt in flight: its response, the signal that cancels it, and its idle timer. */
export interface AttemptContext {
  readonly response: Response;
  /** Aborted by the caller's signal, the idle timer, or {@link AttemptContext.cancel}. */
  readonly signal: AbortSignal;
  readonly timer: IdleTimer;
  /** Aborts the attempt's request with `reason`. */
  cancel(reason: unknown): void;
  /** Stops the timer and stops listening to the caller's signal; call once the body is fully read. */
  done(): void;
}

/**
 * POSTs `body` to `{baseUrl}{path}` and hands a 2xx response to `read`, retrying failures the way `chat()` does:
 * retryable HTTP statuses, network errors and timeouts (and whatever `read` reports as retryable) up to
 * `maxRetries` times, after the server's `Retry-After` or exponential backoff. A caller's abort rejects at once with
 * `code: 'aborted'`. With `keepOpen`, a successful `read` keeps the attempt alive (a stream reads on after `send`
 * returns) and must call `done()` itself.
 */
export async function send<T>(
  transport: Transport,
  path: string,
  body: string,
  options: { signal?: AbortSignal | undefined; accept?: string; keepOpen?: boolean },
  read: (attempt: AttemptContext) => Promise<Outcome<T>>,
): Promise<T> {
  const { signal } = options;
  const headers = { ...transport.headers, Accept: options.accept ?? 'application/json' };
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortedError(scrubCause(signal.reason, transport.secret));
    transport.countCall();
    const controller = new AbortController();
    const timer = new IdleTimer(transport.timeoutMs, controller);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      timer.stop();
      signal?.removeEventListener('abort', onAbort);
    };
    let outcome: Outcome<T>;
    try {
      const response = await transport.fetch(`${transport.baseUrl}${path}`, {
        method: 'POST',
        headers,
        body,
        signal: controller.signal,
      });
      const context: AttemptContext = {
        response,
        signal: controller.signal,
        timer,
        cancel: (reason) => controller.abort(reason),
        done,
      };
      outcome = response.ok ? await read(context) : await failedStatus(transport, response, controller.signal);
    } catch (cause) {
      outcome = { error: failure(transport, cause, signal, timer) };
    }
    if ('value' in outcome) {
      if (!options.keepOpen) done();
      return outcome.value;
    }
    done();
    const { error } = outcome;
    if (!error.retryable) throw error;
    if (attempt > transport.maxRetries) throw attempt > 1 ? afterAttempts(error, attempt) : error;
    const delay = transport.delayBeforeRetry(attempt, error.retryAfterMs);
    if (!(await sleepUnlessAborted(transport.sleep, delay, signal))) {
      throw abortedError(scrubCause(signal?.reason, transport.secret));
    }
  }
}

/** `error`, its message saying that retries ran out (as `chat()` says it). */
function afterAttempts(error: OpenRouterError, attempts: number): OpenRouterError {
  const { status, code, retryable, cause, metadata, retryAfterMs } = error;
  return new OpenRouterError(`${error.message} Gave up after ${attempts} attempts.`, { status, code, retryable, cause, metadata, retryAfterMs });
}

/** The error for a non-2xx status, from its JSON error body (or its text), with `metadata` and `Retry-After` attached. */
async function failedStatus(transport: Transport, response: Response, signal: AbortSignal): Promise<{ error: OpenRouterError }> {
  const text = await untilAborted(response.text(), signal);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const reported = errorIn(json);
  const message = reported?.message ?? (text.trim() || response.statusText);
  const base = httpError(response.status, message, reported?.code, transport.secret);
  const retryAfterMs = transport.retryAfterMs(response.headers.get('retry-after'));
  const metadata = scrubMetadata(reported?.metadata, transport.secret);
  return {
    error: new OpenRouterError(base.message, { status: base.status, code: base.code, retryable: base.retryable, metadata, retryAfterMs }),
  };
}

/** Maps what a fetch or a read threw: the caller's abort, our timer, or the network. */
export function failure(transport: Transport, cause: unknown, signal: AbortSignal | undefined, timer: IdleTimer): OpenRouterError {
  if (cause instanceof OpenRouterError) return cause;
  if (signal?.aborted) return abortedError(scrubCause(signal.reason, transport.secret));
  if (timer.fired) {
    return new OpenRouterError(`OpenRouter sent nothing for ${transport.timeoutMs} ms (raise \`timeoutMs\`).`, {
      code: 'timeout',
      retryable: true,
      cause: scrubCause(cause, transport.secret),
    });
  }
  return networkError(cause, transport.secret);
}

/** Rejects with the signal's reason as soon as it aborts, even if `promise` would never settle. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The error for a 2xx body that is not what the endpoint promises. */
export function invalidBody(status: number, text: string, secret: string, what: string): OpenRouterError {
  const start = clip(redact(text, secret), 80);
  return new OpenRouterError(
    `OpenRouter answered ${status} with ${what} ("${start}"). Check \`baseUrl\` (it should end in /api/v1).`,
    { status, code: 'invalid_response' },
  );
}
