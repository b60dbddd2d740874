import {
  abortedError,
  clip,
  httpError,
  networkError,
  OpenRouterError,
  redact,
  scrubCause,
  timeoutError,
} from './errors.js';
import { requestBody, streamBody } from './request.js';
import { MAX_TIMER_MS, realSleep, type Sleep } from './sleep.js';
import { withRetries } from './retry.js';
import { errorIn, reportedError } from './choice-error.js';
import { postEmbeddings } from './embed.js';
import { openStream } from './online-stream.js';
import { untilAborted, type Transport } from './transport.js';
import type { ChatCallOptions, ChatClient, ChatRequest, ChatResponse } from './types.js';
import type { ChatStream, EmbeddingClient, EmbeddingResponse, EmbedOptions, StreamingChatClient } from './types.js';

export interface OpenRouterClientOptions {
  /** OpenRouter API key (`sk-or-v1-…`). Required; never appears in any error. */
  apiKey: string;
  /** API root; requests go to `{baseUrl}/chat/completions`. @default 'https://openrouter.ai/api/v1' */
  baseUrl?: string;
  /**
   * Time limit per attempt, in milliseconds (rounded up to a whole ms); a timed-out attempt is retried while the
   * call's `deadlineMs` allows. At most 2^31 − 1 (the longest delay Node can schedule); `Infinity` disables it.
   * @default 60000 (env.OPENROUTER_TIMEOUT_MS through {@link createClient})
   */
  timeoutMs?: number;
  /**
   * Time limit for the whole call, in milliseconds: every attempt and every wait between attempts included. An
   * attempt never runs past it (its timer is the shorter of `timeoutMs` and the time left), and no retry starts
   * whose backoff would end after it; the call then rejects with code `'timeout'`. For `stream()` it bounds the
   * attempts and waits before the first chunk, never the answer itself. At most 2^31 − 1, or `Infinity` for no overall limit.
   * @default `timeoutMs` + 30000 — one full attempt and half a minute for retries (90 s with the default
   * `timeoutMs`, where a hung upstream used to hold a call for 3 × 60 s); `Infinity` when `timeoutMs` is `Infinity`
   */
  deadlineMs?: number;
  /**
   * Retries after the first attempt for retryable failures; `0` never retries.
   * @default 2 (env.OPENROUTER_MAX_RETRIES through {@link createClient})
   */
  maxRetries?: number;
  /**
   * Backoff before retry n is a random delay in [0, min(retryMaxDelayMs, retryBaseDelayMs × 2^(n-1))), in ms; at
   * most 2^31 − 1. @default 500
   */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts, in ms, at most 2^31 − 1; also caps a server's `Retry-After`. @default 8000 */
  retryMaxDelayMs?: number;
  /** Sent as `HTTP-Referer` for app attribution on openrouter.ai; `''` omits it. @default 'https://github.com/response-caching-workbook' */
  referer?: string;
  /** Sent as `X-Title` for app attribution on openrouter.ai; `''` omits it. @default 'Response Caching Workbook' */
  title?: string;
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** How to wait between attempts. @default a real timer that stops early when the call's signal aborts */
  sleep?: Sleep;
  /** Uniform random number in [0, 1) for backoff jitter. @default Math.random */
  random?: () => number;
  /** Clock for `Retry-After` HTTP dates and the call's `deadlineMs`, in epoch milliseconds. @default Date.now */
  now?: () => number;
}

const DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';
const DEFAULT_REFERER = 'https://github.com/response-caching-workbook';
const DEFAULT_TITLE = 'Response Caching Workbook';

/** What one attempt produced: a response, or an error and how long the server asked us to wait. */
type Attempt = { response: ChatResponse } | { error: OpenRouterError; retryAfterMs?: number | undefined };

/**
 * The real OpenRouter chat-completions client.
 *
 * Error policy: misconfiguration throws from the constructor; every failed call rejects with an
 * {@link OpenRouterError}. Retryable failures (408, 429, 500, 502, 503, 504, network errors and per-attempt
 * timeouts, also when reported as an HTTP 200 error body) are retried up to `maxRetries` times with exponential
 * backoff and full jitter, or after the server's `Retry-After` (capped at `retryMaxDelayMs`), within the call's
 * overall `deadlineMs`. Anything else, and a caller's abort, rejects at once. A malformed request rejects with code
 * `'invalid_request'` before anything is sent.
 */
export class OpenRouterClient implements ChatClient, StreamingChatClient, EmbeddingClient {
  readonly mode = 'online' as const;
  readonly #apiKey: string;
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #deadlineMs: number;
  readonly #maxRetries: number;
  readonly #retryBaseDelayMs: number;
  readonly #retryMaxDelayMs: number;
  readonly #fetch: typeof fetch;
  readonly #sleep: Sleep;
  readonly #random: () => number;
  readonly #now: () => number;
  #calls = 0;

  constructor(options: OpenRouterClientOptions) {
    const { apiKey } = options ?? ({} as Partial<OpenRouterClientOptions>);
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new TypeError(
        '`apiKey` must be a non-empty string: set OPENROUTER_API_KEY in .env (or unset it to use the offline model)',
      );
    }
    // A stray newline from .env would make fetch throw an error that quotes the header, key included.
    if (/[^\x21-\x7e]/.test(apiKey)) {
      throw new TypeError('`apiKey` contains whitespace or control characters: check OPENROUTER_API_KEY in .env');
    }
    this.#apiKey = apiKey;
    this.#url = `${baseUrlOption(options.baseUrl)}/chat/completions`;
    this.#timeoutMs = numberOption('timeoutMs', options.timeoutMs, 60_000, { min: 1, max: MAX_TIMER_MS, allowInfinity: true });
    this.#deadlineMs = numberOption('deadlineMs', options.deadlineMs, this.#timeoutMs + 30_000, { min: 1, max: MAX_TIMER_MS, allowInfinity: true });
    this.#maxRetries = numberOption('maxRetries', options.maxRetries, 2, { integer: true });
    this.#retryBaseDelayMs = numberOption('retryBaseDelayMs', options.retryBaseDelayMs, 500, { max: MAX_TIMER_MS });
    this.#retryMaxDelayMs = numberOption('retryMaxDelayMs', options.retryMaxDelayMs, 8_000, { max: MAX_TIMER_MS });
    this.#fetch = functionOption('fetch', options.fetch) ?? ((input, init) => globalThis.fetch(input, init));
    this.#sleep = functionOption('sleep', options.sleep) ?? realSleep;
    this.#random = functionOption('random', options.random) ?? Math.random;
    this.#now = functionOption('now', options.now) ?? (() => Date.now());
    this.#headers = {
      Authorization: `Bearer ${apiKey}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    const referer = headerOption('referer', options.referer, DEFAULT_REFERER);
    const title = headerOption('title', options.title, DEFAULT_TITLE);
    if (referer) this.#headers['HTTP-Referer'] = referer;
    if (title) this.#headers['X-Title'] = title;
  }

  /** How many HTTP requests were sent upstream, retries included, since construction or {@link resetCalls}. */
  get calls(): number {
    return this.#calls;
  }

  resetCalls(): void {
    this.#calls = 0;
  }

  /**
   * Streams the answer (`stream: true`, server-sent events): see {@link ChatStream}. Retried like {@link chat}
   * until the first chunk arrives, never after; `timeoutMs` limits each silence, not the whole answer.
   */
  stream(request: ChatRequest, options: ChatCallOptions = {}): ChatStream {
    streamBody(request);
    return openStream(this.#transport(), request, options);
  }

  /** Embeds `input` with `POST /embeddings`; one vector per input, in order. Retried like {@link chat}. */
  embed(input: string | string[], options: EmbedOptions = {}): Promise<EmbeddingResponse> {
    return postEmbeddings(this.#transport(), input, options);
  }

  /** This client's endpoint, limits and retry policy, for stream() and embed(). */
  #transport(): Transport {
    return {
      baseUrl: this.#url.slice(0, -'/chat/completions'.length),
      headers: this.#headers,
      fetch: this.#fetch,
      secret: this.#apiKey,
      timeoutMs: this.#timeoutMs,
      deadlineMs: this.#deadlineMs,
      maxRetries: this.#maxRetries,
      sleep: this.#sleep,
      now: this.#now,
      countCall: () => void this.#calls++,
      delayBeforeRetry: (attempt, retryAfterMs) => this.#delayBeforeRetry(attempt, retryAfterMs),
      retryAfterMs: (header) => parseRetryAfter(header, this.#now()),
    };
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResponse> {
    const body = requestBody(request);
    return withRetries<ChatResponse>(this.#transport(), options.signal, async (limitMs) => {
      const attempt = await this.#attempt(body, options.signal, limitMs);
      if ('response' in attempt) return { value: attempt.response };
      return { error: withRetryAfter(attempt.error, attempt.retryAfterMs) };
    });
  }

  async #attempt(body: string, signal: AbortSignal | undefined, limitMs: number): Promise<Attempt> {
    this.#calls++;
    const timeout = Number.isFinite(limitMs) ? AbortSignal.timeout(Math.ceil(limitMs)) : undefined;
    const signals = [signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    let response: Response;
    let text: string;
    try {
      // Racing the abort keeps the promise of "rejects at once" even with an injected fetch that ignores signals.
      response = await untilAborted(this.#fetch(this.#url, { method: 'POST', headers: this.#headers, body, signal: combined }), combined);
      text = await untilAborted(response.text(), combined);
    } catch (cause) {
      if (signal?.aborted) return { error: this.#aborted(signal) };
      if (timeout?.aborted) return { error: timeoutError(Math.ceil(limitMs), scrubCause(cause, this.#apiKey)) };
      return { error: networkError(cause, this.#apiKey) };
    }
    return this.#interpret(response, text);
  }

  #interpret(response: Response, text: string): Attempt {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#now());
    let json: unknown;
    let parsed = true;
    try {
      json = JSON.parse(text);
    } catch {
      parsed = false;
    }
    const reported = errorIn(json);
    if (!response.ok) {
      const message = reported?.message ?? (text.trim() || response.statusText);
      return { error: httpError(response.status, message, reported?.code, this.#apiKey), retryAfterMs };
    }
    if (!parsed) {
      // Not retried: a 200 means the answer was generated (and billed); a non-JSON body usually means a proxy or a
      // wrong `baseUrl`, which sending again will not fix.
      const start = clip(redact(text, this.#apiKey), 80);
      return {
        error: new OpenRouterError(
          `OpenRouter answered ${response.status} with a body that is not JSON ("${start}"). Check \`baseUrl\` (it should end in /api/v1).`,
          { status: response.status, code: 'invalid_json' },
        ),
      };
    }
    if (reported) {
      // OpenRouter reports some failures as HTTP 200 with an error body; a numeric code is the real status.
      const status = typeof reported.code === 'number' && reported.code >= 100 && reported.code < 600 ? reported.code : undefined;
      return { error: httpError(status, reported.message, reported.code, this.#apiKey), retryAfterMs };
    }
    const choices = (json as { choices?: unknown } | null)?.choices;
    if (!Array.isArray(choices) || choices.length === 0) {
      return {
        error: new OpenRouterError(`OpenRouter answered ${response.status} without any choices; try again or pick another model.`, {
          status: response.status,
          code: 'invalid_response',
        }),
      };
    }
    // A choice that failed after the status line was sent (HTTP 200) is an error, never an (empty) answer.
    const failed = reportedError(json, this.#apiKey, retryAfterMs);
    if (failed) return { error: failed, retryAfterMs: failed.retryAfterMs };
    return { response: json as ChatResponse };
  }

  /** `Retry-After` when the server sent one, else exponential backoff with full jitter; both capped. */
  #delayBeforeRetry(failedAttempt: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, this.#retryMaxDelayMs);
    const ceiling = Math.min(this.#retryMaxDelayMs, this.#retryBaseDelayMs * 2 ** (failedAttempt - 1));
    return Math.floor(this.#random() * ceiling);
  }

  #aborted(signal: AbortSignal): OpenRouterError {
    return abortedError(scrubCause(signal.reason, this.#apiKey));
  }
}

/** `error` carrying the server's `Retry-After` (in ms), when it sent one and the error does not have it yet. */
function withRetryAfter(error: OpenRouterError, retryAfterMs: number | undefined): OpenRouterError {
  if (retryAfterMs === undefined || error.retryAfterMs !== undefined) return error;
  const { status, code, retryable, cause, metadata } = error;
  return new OpenRouterError(error.message, { status, code, retryable, cause, metadata, retryAfterMs });
}

/** `Retry-After` as delay-seconds (`"2"`, `"1.5"`) or an HTTP date, in ms from `now`; `undefined` if absent or invalid. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP date always names a weekday and month; this keeps Date.parse from reading "-3" as a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function baseUrlOption(value: string | undefined): string {
  if (value === undefined) return DEFAULT_BASE_URL;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`\`baseUrl\` must be an http(s) URL such as ${DEFAULT_BASE_URL}, got ${String(value)}`);
  }
  return value.replace(/\/+$/, '');
}

function numberOption(
  name: string,
  value: number | undefined,
  fallback: number,
  rules: { min?: number; max?: number; integer?: boolean; allowInfinity?: boolean } = {},
): number {
  if (value === undefined) return fallback;
  const { min = 0, max = Infinity, integer = false, allowInfinity = false } = rules;
  const ok =
    typeof value === 'number' &&
    value >= min &&
    (Number.isFinite(value) ? (!integer || Number.isInteger(value)) && value <= max : allowInfinity && value === Infinity);
  if (!ok) {
    const kind = integer ? 'integer' : 'number';
    const range = min === 0 ? `a non-negative ${kind}` : `a ${kind} ≥ ${min}`;
    const limit = max === MAX_TIMER_MS ? ` of at most ${MAX_TIMER_MS} ms (the longest delay Node can schedule)` : '';
    throw new RangeError(`\`${name}\` must be ${range}${limit}${allowInfinity ? ' or Infinity' : ''}, got ${String(value)}`);
  }
  return value;
}

function functionOption<F>(name: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`\`${name}\` must be a function, got ${typeof value}`);
  }
  return value;
}

function headerOption(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || /[^\t\x20-\x7e]/.test(value)) {
    throw new TypeError(`\`${name}\` must be a string of printable ASCII characters, got ${JSON.stringify(value)}`);
  }
  return value;
}
