import { httpError, OpenRouterError, redact } from './errors.js';
import type { ChoiceError } from './types.js';

/**
 * The failure an HTTP 200 body or a stream chunk reports, if any: a top-level `error`, or a choice that carries
 * `error` or finished with `finish_reason: 'error'`. OpenRouter reports failures that happen after it has started
 * answering this way (the status line was already sent), so a client that only checks the status would return a
 * failed generation — often with empty content — as a successful answer, and a cache would keep serving it.
 *
 * `retryAfterMs` is the response's `Retry-After`, if any; otherwise `metadata.retry_after` (seconds) is used.
 * Returns `undefined` when the body reports no error.
 */
export function reportedError(body: unknown, secret: string, retryAfterMs?: number): OpenRouterError | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { error, choices } = body as { error?: unknown; choices?: unknown };
  if (isObject(error)) return toError(error, undefined, secret, retryAfterMs);
  if (!Array.isArray(choices)) return undefined;
  for (const choice of choices as unknown[]) {
    if (!isObject(choice)) continue;
    const { error: choiceError, finish_reason: finishReason, index } = choice as {
      error?: unknown;
      finish_reason?: unknown;
      index?: unknown;
    };
    if (isObject(choiceError) || finishReason === 'error') {
      return toError(isObject(choiceError) ? choiceError : {}, typeof index === 'number' ? index : 0, secret, retryAfterMs);
    }
  }
  return undefined;
}

function toError(
  reported: Partial<Record<keyof ChoiceError, unknown>>,
  choiceIndex: number | undefined,
  secret: string,
  retryAfterMs: number | undefined,
): OpenRouterError {
  const code = typeof reported.code === 'number' || typeof reported.code === 'string' ? reported.code : undefined;
  // A numeric code is the HTTP status the failure would have had, had the status line not been sent already.
  const status = typeof code === 'number' && code >= 100 && code < 600 ? code : undefined;
  const where = choiceIndex === undefined ? '' : ` in choice ${choiceIndex}`;
  const message =
    typeof reported.message === 'string' && reported.message !== ''
      ? reported.message
      : `the generation finished with an error${where}`;
  const base = httpError(status, message, code ?? 'choice_error', secret);
  const metadata = scrubMetadata(reported.metadata, secret);
  return new OpenRouterError(base.message, {
    status,
    code: base.code,
    retryable: base.retryable,
    metadata,
    retryAfterMs: retryAfterMs ?? retryAfterIn(metadata),
  });
}

/** `metadata.retry_after` in seconds (a number or a numeric string), as ms. */
function retryAfterIn(metadata: Record<string, unknown> | undefined): number | undefined {
  const value = metadata?.['retry_after'];
  const seconds = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
}

/**
 * A deep copy of an error's `metadata` with the key (and anything shaped like one) redacted, since providers echo
 * raw requests; `undefined` when `metadata` is not an object.
 */
export function scrubMetadata(metadata: unknown, secret: string): Record<string, unknown> | undefined {
  if (!isObject(metadata)) return undefined;
  try {
    return JSON.parse(redact(JSON.stringify(metadata), secret)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{ error: { code, message, metadata } }` in a body, if present (`metadata` as sent: scrub it before use). */
export function errorIn(
  json: unknown,
): { code: number | string | undefined; message: string | undefined; metadata?: unknown } | undefined {
  if (json === null || typeof json !== 'object') return undefined;
  const error = (json as { error?: unknown }).error;
  if (error === null || typeof error !== 'object') return undefined;
  const { code, message, metadata } = error as { code?: unknown; message?: unknown; metadata?: unknown };
  return {
    code: typeof code === 'number' || typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
    metadata,
  };
}
