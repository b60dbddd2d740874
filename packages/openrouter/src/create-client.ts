import { OpenRouterClient, type OpenRouterClientOptions } from './http.js';
import { OfflineClient, type OfflineClientOptions } from './offline.js';
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
  /** Passed to {@link OpenRouterClient} in online mode. `baseUrl` defaults to env.OPENROUTER_BASE_URL when set. */
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
 */
export function createClient(options: CreateClientOptions = {}): WorkbookClient {
  const env = options.env ?? process.env;
  const apiKey = (options.apiKey ?? env['OPENROUTER_API_KEY'] ?? '').trim();
  if (options.offline === true || apiKey === '' || offlineRequested(env)) {
    return new OfflineClient(options.offlineOptions);
  }
  const baseUrl = options.onlineOptions?.baseUrl ?? (env['OPENROUTER_BASE_URL']?.trim() || undefined);
  return new OpenRouterClient({ ...options.onlineOptions, apiKey, baseUrl });
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
