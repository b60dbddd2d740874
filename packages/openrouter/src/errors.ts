import { inspect } from 'node:util';

/** Machine-readable failure kinds that have no HTTP status. */
export type LocalErrorCode = 'timeout' | 'network' | 'aborted' | 'invalid_json' | 'invalid_response' | 'invalid_request';

export interface OpenRouterErrorOptions {
  /** HTTP status; omit for failures without a response (network, timeout, abort). */
  status?: number;
  /** OpenRouter's `error.code`, or a {@link LocalErrorCode}. */
  code?: string | number;
  /** Whether sending the same request again may succeed. @default false */
  retryable?: boolean;
  cause?: unknown;
  /** OpenRouter's `error.metadata` (provider name, raw provider error, …), already scrubbed of the key. */
  metadata?: Record<string, unknown>;
  /** How long the server asked us to wait before trying again, in ms (`Retry-After`, or `metadata.retry_after`). */
  retryAfterMs?: number;
}

/**
 * Every failure of a chat call. The message says what to do next. No message, property, `cause` or stack ever
 * contains the API key: server-provided text is scrubbed before it is embedded.
 */
export class OpenRouterError extends Error {
  override readonly name = 'OpenRouterError';
  /** HTTP status (or the numeric `error.code` of an HTTP 200 error body); `undefined` for network/timeout/abort. */
  readonly status: number | undefined;
  /**
   * OpenRouter's error code, or `'timeout'`, `'network'`, `'aborted'`, `'invalid_json'`, `'invalid_response'`, or
   * `'invalid_request'` (a malformed request, refused before anything was sent).
   */
  readonly code: string | number | undefined;
  /** Whether sending the same request again may succeed (rate limits, overloaded providers, network). */
  readonly retryable: boolean;
  /** OpenRouter's `error.metadata` when it sent one (e.g. `{ provider_name, raw }`); `undefined` otherwise. */
  readonly metadata: Record<string, unknown> | undefined;
  /** The wait the server asked for before a retry, in ms; `undefined` when it asked for none. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: OpenRouterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    this.metadata = options.metadata;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * Statuses worth retrying. OpenRouter documents 408 (request timeout), 429 (rate limited), 502 (model down or
 * invalid provider response) and 503 (no provider available). 500 and 504 are included too: both are transient
 * server-side failures where the same request usually succeeds a moment later.
 */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number | undefined): boolean {
  return status !== undefined && RETRYABLE_STATUSES.has(status);
}

/** What to do next, per status. */
function adviceFor(status: number | undefined): string {
  switch (status) {
    case 400:
      return 'The request is invalid: check the model id and the request fields.';
    case 401:
      return 'Check OPENROUTER_API_KEY in .env (or unset it to use the offline model).';
    case 402:
      return 'The account is out of credits: add credits at openrouter.ai/settings/credits (or unset OPENROUTER_API_KEY to use the offline model).';
    case 403:
      return 'The input was flagged by moderation, or the key may not use this model.';
    case 408:
      return 'The model took too long to answer; try again.';
    case 429:
      return 'Rate limited: slow down, lower concurrency, or raise `maxRetries`.';
    case 502:
      return 'The model provider is down or sent an invalid answer; try again or pick another model.';
    case 503:
      return 'No provider can serve this model right now; try again later or pick another model.';
    default:
      return status !== undefined && status >= 500 ? 'OpenRouter had a server error; try again later.' : '';
  }
}

/** Builds the error for a failed HTTP status (or a numeric `error.code` in an HTTP 200 body). */
export function httpError(
  status: number | undefined,
  serverMessage: string | undefined,
  code: string | number | undefined,
  secret: string,
): OpenRouterError {
  const what = status === undefined ? 'OpenRouter reported an error' : `OpenRouter answered ${status}`;
  const detail = serverMessage ? `: ${clip(redact(serverMessage, secret))}` : '';
  const advice = adviceFor(status);
  return new OpenRouterError(`${what}${detail}.${advice ? ` ${advice}` : ''}`, {
    status,
    code: code ?? status,
    retryable: isRetryableStatus(status),
  });
}

export function timeoutError(timeoutMs: number, cause: unknown): OpenRouterError {
  return new OpenRouterError(`OpenRouter timed out after ${timeoutMs} ms (raise \`timeoutMs\`).`, {
    code: 'timeout',
    retryable: true,
    cause,
  });
}

export function abortedError(reason: unknown): OpenRouterError {
  return new OpenRouterError('The chat call was aborted by its caller.', { code: 'aborted', cause: reason });
}

export function networkError(cause: unknown, secret: string): OpenRouterError {
  return new OpenRouterError(
    `Could not reach OpenRouter (${clip(redact(describe(cause), secret))}). Check the network and \`baseUrl\`.`,
    { code: 'network', retryable: true, cause: scrubCause(cause, secret) },
  );
}

const REDACTED = '[redacted]';
/** Anything shaped like an OpenRouter key, in case a server echoes a different one back. */
const KEY_PATTERN = /sk-or-[A-Za-z0-9_-]{8,}/g;

/** Replaces every occurrence of `secret` (and anything shaped like an OpenRouter key) with `[redacted]`. */
export function redact(text: string, secret: string): string {
  const withoutSecret = secret ? text.split(secret).join(REDACTED) : text;
  return withoutSecret.replace(KEY_PATTERN, REDACTED);
}

/**
 * Returns `cause` unchanged when it cannot leak the key, otherwise a plain `Error` carrying the redacted
 * description. Causes are kept when safe because their `code` (e.g. `ECONNREFUSED`) helps debugging.
 */
export function scrubCause(cause: unknown, secret: string): unknown {
  const seen = inspect(cause, { depth: 8 });
  if (redact(seen, secret) === seen) return cause;
  const safe = new Error(redact(describe(cause), secret));
  safe.name = cause instanceof Error ? cause.name : 'Error';
  return safe;
}

/** `message (cause message, cause code)`, following the cause chain a few levels. */
function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(typeof code === 'string' && !current.message.includes(code) ? `${current.message} [${code}]` : current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.filter(Boolean).join(': ') || 'unknown error';
}

/** Keeps messages readable when a server sends a whole HTML page. */
export function clip(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
