/**
 * The shapes of OpenRouter's chat-completions API (`POST /api/v1/chat/completions`, streamed and not) and of its
 * embeddings API (`POST /api/v1/embeddings`), trimmed to the fields this workbook uses. Every client and every
 * caching wrapper speaks these types.
 */

/**
 * Marks the end of a prompt prefix the provider may cache (Anthropic, Gemini; OpenAI and others cache
 * automatically). Cached prompt tokens are billed cheaper and show up in `usage.prompt_tokens_details.cached_tokens`.
 */
export interface CacheControl {
  type: 'ephemeral';
  /** How long the provider keeps the prefix (Anthropic): five minutes or one hour. @default '5m' */
  ttl?: '5m' | '1h';
}

/** Text; the only part that `cache_control` breakpoints usually sit on. */
export interface TextPart {
  type: 'text';
  text: string;
  cache_control?: CacheControl;
}

/** An image given by URL or `data:` URL (base64). */
export interface ImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

/** A document such as a PDF, by URL or `data:` URL; OpenRouter parses it for models that cannot read files. */
export interface FilePart {
  type: 'file';
  file: { filename?: string; file_data?: string; file_id?: string };
  cache_control?: CacheControl;
}

/** Audio for models that listen, base64-encoded (no URLs). */
export interface AudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: 'wav' | 'mp3' | 'aiff' | 'aac' | 'ogg' | 'flac' | 'm4a' | 'pcm16' | 'pcm24' };
}

/** One part of a multi-part message: text, an image, a file or audio. */
export type ContentPart = TextPart | ImagePart | FilePart | AudioPart;

/** A tool call the assistant asked for; `arguments` is a JSON string written by the model. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A function the model may call. `parameters` is a JSON Schema object. */
export interface Tool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

/** How the model may use `tools`: not at all, at its discretion, at least one, or one named function. */
export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

/** Asks for plain text, any JSON object, or JSON matching a schema. */
export type ResponseFormat =
  | { type: 'text' | 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean; description?: string };
    };

/** One message of the conversation. */
export interface ChatMessage {
  /** Who wrote it: instructions (`system`), the person (`user`), the model (`assistant`), or a tool result. */
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** Text, multi-part content, or `null` for an assistant message that only carries `tool_calls`. */
  content: string | ContentPart[] | null;
  /** Optional participant name. */
  name?: string;
  /** For `role: 'tool'`: the id of the tool call this message answers. */
  tool_call_id?: string;
  /** For `role: 'assistant'`: tool calls the model made earlier in the conversation. */
  tool_calls?: ToolCall[];
}

/** The request body of `POST /chat/completions`. Only `model` and `messages` are required. */
export interface ChatRequest {
  /** Model id, e.g. `openai/gpt-4o-mini`. */
  model: string;
  /** The conversation so far, oldest first. */
  messages: ChatMessage[];
  /** Sampling temperature, 0–2; `0` is (nearly) greedy. */
  temperature?: number;
  /** Nucleus sampling: keep the smallest token set whose probability mass reaches this, 0–1. */
  top_p?: number;
  /** Sample only from the `top_k` most likely tokens; `0` disables. */
  top_k?: number;
  /** Penalise tokens by how often they already appeared, -2–2. */
  frequency_penalty?: number;
  /** Penalise tokens that already appeared at all, -2–2. */
  presence_penalty?: number;
  /** Multiplicative penalty on repeated tokens, 0–2; `1` disables. */
  repetition_penalty?: number;
  /** Drop tokens less likely than `min_p` × the top token's probability, 0–1. */
  min_p?: number;
  /** Like `min_p` but relative to the square of the top probability, 0–1. */
  top_a?: number;
  /** Upper bound on completion tokens; the answer stops with `finish_reason: 'length'` when reached. */
  max_tokens?: number;
  /** Seed for sampling; providers that support it repeat answers for the same seed on a best-effort basis. */
  seed?: number;
  /** One or more strings at which generation stops (the stop string itself is not returned). */
  stop?: string | string[];
  /** Functions the model may call. */
  tools?: Tool[];
  /** Whether and which of `tools` the model must call. */
  tool_choice?: ToolChoice;
  /** Text (default), any JSON object, or JSON matching a schema. */
  response_format?: ResponseFormat;
  /** Bias per token id (as a string key), -100–100. */
  logit_bias?: Record<string, number>;
  /** Return log probabilities of the output tokens. */
  logprobs?: boolean;
  /** With `logprobs`: how many alternatives per position, 0–20. */
  top_logprobs?: number;
  /** Fallback models, tried in order when `model` is unavailable. */
  models?: string[];
  /** Provider routing preferences (order, allow_fallbacks, data_collection, …). */
  provider?: Record<string, unknown>;
  /** Reasoning settings for models that think before answering (effort, max_tokens, exclude, …). */
  reasoning?: Record<string, unknown>;
  /** Prompt transforms, e.g. `['middle-out']`. */
  transforms?: string[];
  /** A stable id for the end user, for abuse monitoring; does not change the answer. */
  user?: string;
  /** Free-form labels stored with the generation; does not change the answer. */
  metadata?: Record<string, string>;
  /**
   * OpenRouter plugins: `{ id: 'web' }` (web search, adds `annotations`), `{ id: 'file-parser', pdf: { engine } }`,
   * `{ id: 'response-healing' }`, … Web search makes the answer depend on the day it was asked.
   */
  plugins?: Plugin[];
  /** Legacy switch for detailed usage; OpenRouter now always includes usage, cost and token details. */
  usage?: { include?: boolean };
}

/** One OpenRouter plugin and its settings. */
export interface Plugin {
  /** `web`, `file-parser`, `response-healing`, `moderation`, … */
  id: string;
  /** Whether the plugin runs; `false` turns off one that the account enables by default. */
  enabled?: boolean;
  [setting: string]: unknown;
}

/** A citation the model (usually the `web` plugin) attached to its answer. */
export type Annotation =
  | {
      type: 'url_citation';
      url_citation: { url: string; title?: string; content?: string; start_index?: number; end_index?: number };
    }
  | { type: string; [field: string]: unknown };

/**
 * Why one choice failed, inside an HTTP 200 response or a stream chunk. OpenRouter sends it together with
 * `finish_reason: 'error'`; the clients turn it into an `OpenRouterError`, never into an answer.
 */
export interface ChoiceError {
  /** An HTTP-like status (`502`) or a provider's error name (`'server_error'`). */
  code: number | string;
  message: string;
  /** Provider details, e.g. `{ provider_name, raw }`; may carry `retry_after` (seconds). */
  metadata?: Record<string, unknown>;
}

/** Why generation stopped: naturally or at a stop string, at `max_tokens`, to call tools, filtered, or failed. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | null;

/** One alternative answer; OpenRouter returns exactly one for non-streaming requests. */
export interface ChatChoice {
  /** Position of this choice, starting at 0. */
  index: number;
  /** The assistant's answer. `content` is `null` when the model only called tools. */
  message: AssistantMessage;
  /** OpenRouter's normalised reason for stopping. */
  finish_reason: FinishReason;
  /** The provider's own, un-normalised reason. */
  native_finish_reason?: string | null;
  /** Set, with `finish_reason: 'error'`, when this choice failed; the clients reject instead of returning it. */
  error?: ChoiceError;
}

/** What the model answered. */
export interface AssistantMessage {
  role: 'assistant';
  /** The answer text; `null` when the model only called tools (or refused). */
  content: string | null;
  tool_calls?: ToolCall[];
  /** The model's visible thinking, for reasoning models that return it; not part of the answer. */
  reasoning?: string | null;
  /** Structured reasoning blocks (some encrypted), to send back in multi-turn tool use. */
  reasoning_details?: Array<Record<string, unknown>>;
  /** Why the model declined to answer, when it did. */
  refusal?: string | null;
  /** Citations, e.g. from the `web` plugin. */
  annotations?: Annotation[];
}

/** Token counts of one generation, and its cost when OpenRouter (or the offline model) reports it. */
export interface Usage {
  /** Tokens in the request's messages (and tools). */
  prompt_tokens: number;
  /** Tokens in the answer. */
  completion_tokens: number;
  /** `prompt_tokens + completion_tokens`. */
  total_tokens: number;
  /** What the generation cost, in US dollars (OpenRouter credits). */
  cost?: number;
  /** Prompt tokens broken down; `cached_tokens` were read from the provider's prompt cache (billed cheaper). */
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number; audio_tokens?: number };
  /** Completion tokens broken down; `reasoning_tokens` were spent thinking (billed, but not in the answer). */
  completion_tokens_details?: { reasoning_tokens?: number; audio_tokens?: number; image_tokens?: number };
  /** What the upstream provider charged, in US dollars (differs from `cost` with your own provider key). */
  cost_details?: {
    upstream_inference_cost?: number | null;
    upstream_inference_prompt_cost?: number;
    upstream_inference_completions_cost?: number;
  };
  /** Whether the call used your own provider key (BYOK). */
  is_byok?: boolean;
}

/** The response body of `POST /chat/completions`. */
export interface ChatResponse {
  /** Generation id, e.g. `gen-1712345678-abc`. */
  id: string;
  object: 'chat.completion';
  /** When the generation was created, in unix seconds. */
  created: number;
  /** The model that actually answered (may differ from the request with fallbacks). */
  model: string;
  /** The provider that served the model, e.g. `OpenAI`. */
  provider?: string;
  choices: ChatChoice[];
  usage?: Usage;
  /** Present when the generation failed after the HTTP response started (HTTP 200 with an error body). */
  error?: ChoiceError;
  /**
   * Set by a caching layer in this workbook, never by OpenRouter: whether this response came from the cache,
   * and under which key.
   */
  cache?: { hit: boolean; key: string };
}

/** Per-call options. */
export interface ChatCallOptions {
  /** Aborts the call: it rejects at once with an `OpenRouterError` whose `code` is `'aborted'`. */
  signal?: AbortSignal;
}

/** The one interface every client and every caching wrapper implements. */
export interface ChatClient {
  chat(request: ChatRequest, options?: ChatCallOptions): Promise<ChatResponse>;
}

/** A change to one tool call in a stream: the first delta of a call carries `id` and `name`, later ones more `arguments`. */
export interface ToolCallDelta {
  /** Which tool call of the choice this extends; deltas with the same index are one call. */
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/** What one stream chunk adds to a choice: strings to append, tool calls to merge by `index`. */
export interface ChatDelta {
  /** Sent once, in the first chunk. */
  role?: 'assistant';
  content?: string | null;
  reasoning?: string | null;
  reasoning_details?: Array<Record<string, unknown>>;
  refusal?: string | null;
  tool_calls?: ToolCallDelta[];
  annotations?: Annotation[];
}

/** One choice inside a stream chunk. `finish_reason` stays `null` until the choice's last chunk. */
export interface ChatChunkChoice {
  index: number;
  delta: ChatDelta;
  finish_reason: FinishReason;
  native_finish_reason?: string | null;
  /** Set, with `finish_reason: 'error'`, when generation failed mid-stream. */
  error?: ChoiceError;
}

/**
 * One server-sent event of a streamed chat completion (`data: {...}`). OpenRouter's last chunk before `[DONE]`
 * has `choices: []` and the `usage` of the whole generation.
 */
export interface ChatChunk {
  /** The generation id; the same in every chunk of one stream. */
  id: string;
  object: 'chat.completion.chunk';
  /** When the generation was created, in unix seconds. */
  created: number;
  model: string;
  provider?: string;
  choices: ChatChunkChoice[];
  /** Only in the final chunk. */
  usage?: Usage;
  /** Set when generation failed mid-stream; the clients throw it as an `OpenRouterError` instead of yielding it. */
  error?: ChoiceError;
}

/**
 * A streamed chat completion: iterate it once (`for await`) for the chunks as they arrive, and await `response`
 * for the whole answer, assembled from the chunks, with the final usage.
 *
 * The request starts when `stream()` is called, whether or not anyone iterates: chunks are buffered until read,
 * so awaiting only `response` works too. The iteration throws, and `response` rejects with, the same
 * `OpenRouterError` when the stream fails: an HTTP error, a mid-stream error event (`code`, `metadata`), a
 * timeout, or an abort (`code: 'aborted'`, its `cause` the signal's reason). Leaving the loop early (`break`,
 * `return`, a throw) cancels the request, so `response` then rejects with `code: 'aborted'`.
 */
export interface ChatStream extends AsyncIterable<ChatChunk> {
  /** The assembled `chat.completion` once the stream has ended successfully. */
  readonly response: Promise<ChatResponse>;
}

/** A client that can stream answers. */
export interface StreamingChatClient {
  /** Streams the answer to `request`; `options.signal` aborts the request at any point. */
  stream(request: ChatRequest, options?: ChatCallOptions): ChatStream;
}

/** Options of one embeddings call. */
export interface EmbedOptions {
  /** Embedding model id. @default 'openai/text-embedding-3-small' */
  model?: string;
  /** Length of each vector, for models that can shorten theirs (OpenAI's text-embedding-3). @default the model's own (offline: 256) */
  dimensions?: number;
  /** What the text is for, for models that embed queries and documents differently, e.g. `'search_query'`. */
  input_type?: string;
  /** Aborts the call: it rejects with an `OpenRouterError` whose `code` is `'aborted'`. */
  signal?: AbortSignal;
}

/** One vector, for the input at `index`. */
export interface Embedding {
  object: 'embedding';
  index: number;
  /** The vector; unit length (L2 norm 1) for OpenAI models and the offline model, so a dot product is the cosine. */
  embedding: number[];
}

/** Token counts of one embeddings call; there are no completion tokens. */
export interface EmbeddingUsage {
  prompt_tokens: number;
  total_tokens: number;
  /** What the call cost, in US dollars, when reported. */
  cost?: number;
}

/** The response body of `POST /embeddings` (OpenAI-compatible): one vector per input, in input order. */
export interface EmbeddingResponse {
  id?: string;
  object: 'list';
  data: Embedding[];
  model: string;
  provider?: string;
  usage?: EmbeddingUsage;
}

/** A client that can embed text. */
export interface EmbeddingClient {
  /** One vector per input string, in order. */
  embed(input: string | string[], options?: EmbedOptions): Promise<EmbeddingResponse>;
}
