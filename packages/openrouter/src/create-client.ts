import { redact } from './errors.js';
import { OpenRouterClient, type OpenRouterClientOptions } from './http.js';
import { OfflineClient, type OfflineClientOptions } from './offline.js';
import { MAX_TIMER_MS } from './sleep.js';
import type { ChatClient, EmbeddingClient, StreamingChatClient } from './types.js';

/** Environment variables, as in `process.env`. */
export type Env = Record<string, string | undefined>;

export interface CreateClientOptions {
  /** OpenRouter API key. @default env.OPENROUTER_API_KEY; empty or missing selects the offline model */
  apiKey?: string;
  /** `true` forces the offline model even with a key; `false` or `undefined` lets the key and env decide. */
  offline?: boolean;
  /** Where to read `OPENROUTER_*` variables. The library never loads `.env` itself. @default process.env */
  env?: Env;
  /**
   * Passed to {@link OpenRouterClient} in online mode. Where an option is not given, `baseUrl`, `timeoutMs` and
   * `maxRetries` come from env.OPENROUTER_BASE_URL, env.OPENROUTER_TIMEOUT_MS and env.OPENROUTER_MAX_RETRIES when
   * set (and not blank).
   */
  onlineOptions?: Omit<OpenRouterClientOptions, 'apiKey'>;
  /** Passed to {@link OfflineClient} in offline mode. */
  offlineOptions?: OfflineClientOptions;
}

/** A chat client (that also streams and embeds) that says which mode it runs in and how many upstream calls it made. */
export interface WorkbookClient extends ChatClient, StreamingChatClient, EmbeddingClient {
  readonly mode: 'offline' | 'online';
  /** Upstream calls so far (HTTP requests including retries online; simulated calls offline). */
  readonly calls: number;
  resetCalls(): void;
}

/**
 * The real OpenRouter client when a key is available, else the deterministic offline model. Offline when the key
 * (`options.apiKey ?? env.OPENROUTER_API_KEY`) is empty, when `offline: true`, or when env.OPENROUTER_OFFLINE is
 * `1` or `true`. Prints nothing.
 *
 * env.OPENROUTER_TIMEOUT_MS (a whole number of ms, 1 to 2^31 − 1: the per-attempt `timeoutMs`) and
 * env.OPENROUTER_MAX_RETRIES (a whole number ≥ 0: `maxRetries`) are checked in either mode, so a typo in `.env`
 * shows at once: a RangeError naming the variable, whose message never holds the API key.
 */
export function createClient(options: CreateClientOptions = {}): WorkbookClient {
  const env = options.env ?? process.env;
  const apiKey = (options.apiKey ?? env['OPENROUTER_API_KEY'] ?? '').trim();
  const timeoutMs = wholeNumberFromEnv(env, 'OPENROUTER_TIMEOUT_MS', 1, MAX_TIMER_MS, 'milliseconds', apiKey);
  const maxRetries = wholeNumberFromEnv(env, 'OPENROUTER_MAX_RETRIES', 0, Number.MAX_SAFE_INTEGER, 'retries', apiKey);
  if (options.offline === true || apiKey === '' || offlineRequested(env)) {
    return new OfflineClient(options.offlineOptions);
  }
  const online = options.onlineOptions;
  const baseUrl = online?.baseUrl ?? (env['OPENROUTER_BASE_URL']?.trim() || undefined);
  return new OpenRouterClient({
    ...online,
    apiKey,
    baseUrl,
    timeoutMs: online?.timeoutMs ?? timeoutMs,
    maxRetries: online?.maxRetries ?? maxRetries,
  });
}

/**
 * The whole number in env[name] (blank or missing: `undefined`), from `min` to `max`; anything else throws a
 * RangeError naming the variable. A short value is quoted to help fix it, with the key redacted, in case the key
 * was pasted on the wrong line.
 */
function wholeNumberFromEnv(env: Env, name: string, min: number, max: number, unit: string, apiKey: string): number | undefined {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    // A long value is described, not quoted: it may be a secret pasted on the wrong line.
    const safe = redact(text, apiKey);
    const shown = safe.length <= 16 ? JSON.stringify(safe) : `a value of ${text.length} characters`;
    throw new RangeError(`${name} must be a whole number of ${unit} from ${min} to ${max}, got ${shown}: fix it in .env, or unset it for the default.`);
  }
  return value;
}

/**
 * Whether `env` alone selects the offline model: OPENROUTER_OFFLINE is `1` or `true` (any case), or
 * OPENROUTER_API_KEY is missing or blank.
 */
export function isOfflineEnv(env: Env = process.env): boolean {
  return offlineRequested(env) || (env['OPENROUTER_API_KEY'] ?? '').trim() === '';
}

function offlineRequested(env: Env): boolean {
  const flag = env['OPENROUTER_OFFLINE']?.trim().toLowerCase();
  return flag === '1' || flag === 'true';
}
