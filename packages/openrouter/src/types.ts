/**
 * The shapes of OpenRouter's chat-completions API (`POST /api/v1/chat/completions`, non-streaming), trimmed to
 * the fields this workbook uses. Every client and every caching wrapper speaks these types.
 */

/** One part of a multi-part message: text, or an image given by URL (or `data:` URL). */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

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
}

/** Why generation stopped: naturally or at a stop string, at `max_tokens`, to call tools, filtered, or failed. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | null;

/** One alternative answer; OpenRouter returns exactly one for non-streaming requests. */
export interface ChatChoice {
  /** Position of this choice, starting at 0. */
  index: number;
  /** The assistant's answer. `content` is `null` when the model only called tools. */
  message: { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] };
  /** OpenRouter's normalised reason for stopping. */
  finish_reason: FinishReason;
  /** The provider's own, un-normalised reason. */
  native_finish_reason?: string | null;
}

/** Token counts of one generation, and its cost when OpenRouter (or the offline model) reports it. */
export interface Usage {
  /** Tokens in the request's messages (and tools). */
  prompt_tokens: number;
  /** Tokens in the answer. */
  completion_tokens: number;
  /** `prompt_tokens + completion_tokens`. */
  total_tokens: number;
  /** What the generation cost, in US dollars. */
  cost?: number;
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
  error?: { code: number | string; message: string; metadata?: Record<string, unknown> };
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
