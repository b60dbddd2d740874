import { abortedError, clip, httpError, networkError, OpenRouterError, redact, scrubCause } from './errors.js';
import { errorIn, scrubMetadata } from './choice-error.js';
import { withRetries, type Outcome, type RetryPolicy } from './retry.js';

/**
 * What `stream()` and `embed()` borrow from an {@link OpenRouterClient}: its endpoint, headers (key included),
 * fetch, limits and retry policy. Internal: never exported from the package, so the key stays inside.
 */
export interface Transport extends RetryPolicy {
  /** API root without a trailing slash, e.g. https://openrouter.ai/api/v1 */
  readonly baseUrl: string;
  /** Authorization, content type and attribution headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof fetch;
  /** Counts one upstream HTTP request. */
  countCall(): void;
  /** A `Retry-After` header value as ms from now, or `undefined`. */
  retryAfterMs(header: string | null): number | undefined;
}

/**
 * A timer that aborts `controller` after `ms` of silence; `touch()` restarts the count. A per-attempt timeout is
 * one that is never touched; a stream touches it on every read, so a long answer that keeps arriving never
 * times out while a stalled one does. OpenRouter's `: OPENROUTER PROCESSING` comments count as arriving data.
 */
export class IdleTimer {
  readonly #ms: number;
  readonly #fire: () => void;
  #timer: NodeJS.Timeout | undefined;
  #periodMs: number;
  #fired = false;

  /** @param firstMs the first period, when shorter than `ms` (an attempt cut short by the call's deadline). */
  constructor(ms: number, controller: AbortController, firstMs = ms) {
    this.#ms = ms;
    this.#periodMs = firstMs;
    this.#fire = () => {
      this.#fired = true;
      controller.abort(new DOMException(`No data for ${this.#periodMs} ms`, 'TimeoutError'));
    };
    if (Number.isFinite(firstMs)) this.#timer = setTimeout(this.#fire, firstMs);
  }

  get fired(): boolean {
    return this.#fired;
  }

  /** The silence, in ms, the timer allows now (and allowed when it fired). */
  get periodMs(): number {
    return this.#periodMs;
  }

  touch(): void {
    if (this.#periodMs === this.#ms) {
      this.#timer?.refresh();
      return;
    }
    clearTimeout(this.#timer);
    this.#periodMs = this.#ms;
    if (Number.isFinite(this.#ms)) this.#timer = setTimeout(this.#fire, this.#ms);
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}

export type { Outcome } from './retry.js';

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
 * POSTs `body` to `{baseUrl}{path}` and hands a 2xx response to `read`, retrying failures the way `chat()` does
 * ({@link withRetries}): retryable HTTP statuses, network errors and timeouts (and whatever `read` reports as
 * retryable), within the call's deadline. A caller's abort rejects at once with `code: 'aborted'`. With `keepOpen`,
 * a successful `read` keeps the attempt alive (a stream reads on after `send` returns) and must call `done()` itself.
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
  return withRetries(transport, signal, async (limitMs) => {
    transport.countCall();
    const controller = new AbortController();
    const timer = new IdleTimer(transport.timeoutMs, controller, limitMs);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      timer.stop();
      signal?.removeEventListener('abort', onAbort);
    };
    let outcome: Outcome<T>;
    try {
      // Racing the abort keeps the promise of "rejects at once" even with an injected fetch that ignores signals.
      const response = await untilAborted(transport.fetch(`${transport.baseUrl}${path}`, { method: 'POST', headers, body, signal: controller.signal }), controller.signal);
      const context: AttemptContext = { response, signal: controller.signal, timer, cancel: (reason) => controller.abort(reason), done };
      outcome = response.ok ? await read(context) : await failedStatus(transport, response, controller.signal);
    } catch (cause) {
      outcome = { error: failure(transport, cause, signal, timer) };
    }
    if (!('value' in outcome && options.keepOpen)) done();
    return outcome;
  });
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
    return new OpenRouterError(`OpenRouter sent nothing for ${timer.periodMs} ms (raise \`timeoutMs\`).`, {
      code: 'timeout',
      retryable: true,
      cause: scrubCause(cause, transport.secret),
    });
  }
  return networkError(cause, transport.secret);
}

/** Rejects with the signal's reason as soon as it aborts, even if `promise` would never settle. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
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
