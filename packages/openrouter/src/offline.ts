import { createHash } from 'node:crypto';
import { abortedError, httpError } from './errors.js';
import { estimateCost } from './pricing.js';
import { requestBody, streamBody } from './request.js';
import { MAX_TIMER_MS, realSleep, sleepUnlessAborted, type Sleep } from './sleep.js';
import { DEFAULT_EMBEDDING_MODEL, embedInputs } from './embed.js';
import { lexicalEmbedding, OFFLINE_EMBEDDING_DIMENSIONS } from './offline-embed.js';
import { chunksOf, pacing } from './offline-stream.js';
import { BufferedChatStream, ResponseAssembler } from './stream.js';
import type { ChatStream, EmbeddingClient, EmbeddingResponse, EmbedOptions, StreamingChatClient } from './types.js';
import type {
  ChatCallOptions,
  ChatClient,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  FinishReason,
  ToolCall,
  Usage,
} from './types.js';

export interface OfflineClientOptions {
  /**
   * Simulated time until the answer arrives, in milliseconds: a number, or a function of the request.
   * `0` answers on the next microtask without any timer; at most 2^31 − 1 ms, the longest delay Node can schedule.
   * For `stream()` it is the time until the last chunk (see `firstTokenMs`); `embed()` takes it when it is a
   * number, else 100 ms.
   * @default 250 ms to the first token + 6 ms per completion token (about 400–900 ms for typical answers)
   */
  latencyMs?: number | ((request: ChatRequest) => number);
  /** How to wait out the latency. @default a real timer that stops early when the call's signal aborts */
  sleep?: Sleep;
  /** Clock for `created`, in epoch milliseconds. @default Date.now */
  now?: () => number;
  /**
   * Time to the first chunk of a `stream()`, in ms, capped at the call's latency: a stream takes as long in total
   * as `chat()` for the same request (`latencyMs`), the rest shared out over the chunks by the tokens they carry.
   * `0` sends the first chunk at once. With `latencyMs: 0` the whole stream arrives without any timer.
   * @default 250
   */
  firstTokenMs?: number;
  /** Length of the offline embedding vectors, when a call does not ask for `dimensions`. @default 256 */
  embeddingDimensions?: number;
}

const FIRST_TOKEN_MS = 250;
const MS_PER_TOKEN = 6;
/** Simulated time of an embeddings call unless `latencyMs` is a number. */
const EMBED_MS = 100;
/** Tokens OpenRouter-style accounting adds per message for role and separators. */
const TOKENS_PER_MESSAGE = 4;
/** A low-detail image costs about this many tokens with OpenAI models. */
const TOKENS_PER_IMAGE = 85;
/** Fields that label a request without changing its answer; they never change the simulated content. */
const IGNORED_FIELDS: ReadonlySet<string> = new Set(['user', 'metadata']);

/**
 * A deterministic simulated model that speaks the chat-completions API without a network or an API key.
 *
 * The same request (model, messages and every generation parameter) always gets the same answer and usage; any
 * difference in them gets a different answer. `user` and `metadata` are ignored, as they don't change a real
 * model's answer either. Calls cost simulated time (see `latencyMs`) so caching visibly pays off.
 *
 * Counting: every call that reaches the simulated upstream counts, including ones it rejects with 400 (a real
 * API also receives, and rate-limits, invalid requests). A call whose signal is already aborted, and a malformed
 * request (an `OpenRouterError` with code `'invalid_request'`, as the real client throws before sending), never
 * leave the caller, so they do not count.
 */
export class OfflineClient implements ChatClient, StreamingChatClient, EmbeddingClient {
  readonly mode = 'offline' as const;
  readonly #latencyMs: number | ((request: ChatRequest) => number) | undefined;
  readonly #sleep: Sleep;
  readonly #now: () => number;
  readonly #firstTokenMs: number;
  readonly #embeddingDimensions: number;
  #calls = 0;

  constructor(options: OfflineClientOptions = {}) {
    const { latencyMs, sleep, now } = options;
    this.#firstTokenMs = options.firstTokenMs ?? FIRST_TOKEN_MS;
    if (!(Number.isFinite(this.#firstTokenMs) && this.#firstTokenMs >= 0)) {
      throw new RangeError(`\`firstTokenMs\` must be a non-negative finite number of milliseconds, got ${options.firstTokenMs}`);
    }
    this.#embeddingDimensions = options.embeddingDimensions ?? OFFLINE_EMBEDDING_DIMENSIONS;
    if (!(Number.isInteger(this.#embeddingDimensions) && this.#embeddingDimensions >= 1 && this.#embeddingDimensions <= 65_536)) {
      throw new RangeError(`\`embeddingDimensions\` must be an integer from 1 to 65536, got ${options.embeddingDimensions}`);
    }
    if (typeof latencyMs === 'number') assertLatency(latencyMs);
    else if (latencyMs !== undefined && typeof latencyMs !== 'function') {
      throw new TypeError(`\`latencyMs\` must be a number or a function, got ${typeof latencyMs}`);
    }
    if (sleep !== undefined && typeof sleep !== 'function') {
      throw new TypeError(`\`sleep\` must be a function, got ${typeof sleep}`);
    }
    if (now !== undefined && typeof now !== 'function') {
      throw new TypeError(`\`now\` must be a function, got ${typeof now}`);
    }
    this.#latencyMs = latencyMs;
    this.#sleep = sleep ?? realSleep;
    this.#now = now ?? (() => Date.now());
  }

  /** How many calls reached the simulated upstream since construction or the last {@link resetCalls}. */
  get calls(): number {
    return this.#calls;
  }

  resetCalls(): void {
    this.#calls = 0;
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResponse> {
    const { signal } = options;
    if (signal?.aborted) throw abortedError(signal.reason);
    // A malformed request never reaches the simulated upstream, as the real client never sends one.
    requestBody(request);
    const callNumber = ++this.#calls;
    validate(request);
    const response = this.#respond(request, callNumber);
    const delay = this.#delayFor(request, response.usage!.completion_tokens);
    if (delay === 0) {
      await Promise.resolve();
    } else if (!(await sleepUnlessAborted(this.#sleep, delay, signal))) {
      throw abortedError(signal?.reason);
    }
    if (signal?.aborted) throw abortedError(signal.reason);
    return response;
  }

  /**
   * Streams the answer `chat()` would give, word by word (see {@link chunksOf}), paced like a real model: the first
   * chunk after `firstTokenMs`, the whole stream in the same total time as `chat()`. Counts one call.
   */
  stream(request: ChatRequest, options: ChatCallOptions = {}): ChatStream {
    streamBody(request);
    return new BufferedChatStream(async (push, closed) => {
      const { signal } = options;
      const stop = signal ? AbortSignal.any([signal, closed]) : closed;
      if (stop.aborted) throw abortedError(stop.reason);
      const callNumber = ++this.#calls;
      validate(request);
      const response = this.#respond(request, callNumber);
      const chunks = chunksOf(response);
      const total = this.#delayFor(request, response.usage!.completion_tokens);
      const waits = pacing(chunks, total, this.#firstTokenMs);
      const assembler = new ResponseAssembler();
      for (const [at, { chunk }] of chunks.entries()) {
        const wait = waits[at]!;
        if (wait === 0) await Promise.resolve();
        else if (!(await sleepUnlessAborted(this.#sleep, wait, stop))) throw abortedError(stop.reason);
        if (stop.aborted) throw abortedError(stop.reason);
        assembler.add(chunk);
        push(chunk);
      }
      return assembler.result();
    });
  }

  /**
   * Deterministic vectors with lexical similarity (see {@link lexicalEmbedding}): unit length, `dimensions` long
   * (default `embeddingDimensions`, 256). Takes `latencyMs` when it is a number, else 100 ms. Counts one call.
   */
  async embed(input: string | string[], options: EmbedOptions = {}): Promise<EmbeddingResponse> {
    const { signal, model = DEFAULT_EMBEDDING_MODEL, dimensions = this.#embeddingDimensions } = options;
    const inputs = embedInputs(input, options);
    if (signal?.aborted) throw abortedError(signal.reason);
    const callNumber = ++this.#calls;
    const promptTokens = inputs.reduce((sum, text) => sum + tokensIn(text), 0);
    const usage = { prompt_tokens: promptTokens, total_tokens: promptTokens, cost: estimateCost(model, { prompt_tokens: promptTokens, completion_tokens: 0 }) };
    const response: EmbeddingResponse = {
      id: `emb-offline-${createHash('sha256').update(JSON.stringify([model, dimensions, inputs])).digest('hex').slice(0, 16)}-${callNumber}`,
      object: 'list',
      data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: lexicalEmbedding(text, dimensions) })),
      model,
      provider: 'offline',
      usage,
    };
    const delay = typeof this.#latencyMs === 'number' ? this.#latencyMs : EMBED_MS;
    if (delay === 0) await Promise.resolve();
    else if (!(await sleepUnlessAborted(this.#sleep, delay, signal))) throw abortedError(signal?.reason);
    if (signal?.aborted) throw abortedError(signal.reason);
    return response;
  }

  #delayFor(request: ChatRequest, completionTokens: number): number {
    const option = this.#latencyMs;
    if (option === undefined) return FIRST_TOKEN_MS + MS_PER_TOKEN * completionTokens;
    if (typeof option === 'number') return option;
    const delay = option(request);
    assertLatency(delay);
    return delay;
  }

  #respond(request: ChatRequest, callNumber: number): ChatResponse {
    const hash = requestHash(request);
    const random = seededRandom(hash);
    const answer = generateAnswer(request, random, hash);
    const promptTokens = countPromptTokens(request);
    const completionTokens = answer.toolCalls
      ? Math.max(1, tokensIn(JSON.stringify(answer.toolCalls.map((call) => call.function))))
      : Math.max(1, tokensIn(answer.content ?? ''));
    const usage: Usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    usage.cost = estimateCost(request.model, usage);
    return {
      id: `gen-offline-${hash.slice(0, 16)}-${callNumber}`,
      object: 'chat.completion',
      created: Math.floor(this.#now() / 1000),
      model: request.model,
      provider: 'offline',
      choices: [
        {
          index: 0,
          message: answer.toolCalls
            ? { role: 'assistant', content: null, tool_calls: answer.toolCalls }
            : { role: 'assistant', content: answer.content },
          finish_reason: answer.finishReason,
          native_finish_reason: answer.finishReason,
        },
      ],
      usage,
    };
  }
}

function assertLatency(value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new RangeError(`\`latencyMs\` must be a non-negative number of milliseconds up to ${MAX_TIMER_MS} (the longest delay Node can schedule), got ${value}`);
  }
}

/** Rejects what the real API rejects with 400, before any simulated latency (as a server would). */
function validate(request: ChatRequest): void {
  const fail = (message: string): never => {
    throw httpError(400, message, 400, '');
  };
  if (typeof request?.model !== 'string' || request.model.trim() === '') {
    fail('`model` must be a model id such as openai/gpt-4o-mini');
  }
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    fail('`messages` must contain at least one message');
  }
  const { max_tokens: maxTokens } = request;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1)) {
    fail(`\`max_tokens\` must be a positive integer, got ${maxTokens}`);
  }
}

/** About four characters per token, the usual rule of thumb for English text. */
function tokensIn(text: string): number {
  return Math.ceil(text.length / 4);
}

function countPromptTokens(request: ChatRequest): number {
  let total = request.tools?.length ? tokensIn(JSON.stringify(request.tools)) : 0;
  for (const message of request.messages) {
    total += TOKENS_PER_MESSAGE + messageTokens(message);
  }
  return total;
}

function messageTokens(message: ChatMessage): number {
  const { content } = message;
  let tokens = message.tool_calls ? tokensIn(JSON.stringify(message.tool_calls)) : 0;
  if (typeof content === 'string') return tokens + tokensIn(content);
  for (const part of content ?? []) {
    tokens += part.type === 'text' ? tokensIn(part.text) : TOKENS_PER_IMAGE;
  }
  return tokens;
}

/** SHA-256 (hex) of the canonical JSON of every answer-relevant field. */
function requestHash(request: ChatRequest): string {
  const relevant = Object.fromEntries(Object.entries(request).filter(([key]) => !IGNORED_FIELDS.has(key)));
  return createHash('sha256').update(canonicalJson(relevant)).digest('hex');
}

/** JSON with object keys sorted at every depth and `undefined` properties dropped, so equal requests match. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const entries = Object.entries(inner).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** A small PRNG (sfc32) seeded with the first 128 bits of the hash: integers in [0, n). */
type Random = (n: number) => number;

function seededRandom(hexHash: string): Random {
  let [a, b, c, d] = [0, 8, 16, 24].map((at) => Number.parseInt(hexHash.slice(at, at + 8), 16) >>> 0) as [
    number,
    number,
    number,
    number,
  ];
  return (n) => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return Math.floor(((t >>> 0) / 4294967296) * n);
  };
}

const OPENERS = [
  'In short,',
  'Generally,',
  'In practice,',
  'Put simply,',
  'As a rule of thumb,',
  'On balance,',
  'Most of the time,',
  'To be fair,',
];
const SUBJECTS = [
  'the short answer',
  'the usual approach',
  'a simple rule',
  'the key idea',
  'the first step',
  'a careful design',
  'the common pattern',
  'a good default',
  'the main trade-off',
  'the safest option',
];
const VERBS = ['is to focus on', 'depends on', 'comes down to', 'starts with', 'often means', 'tends to favour', 'rests on'];
const OBJECTS = [
  'what stays the same between requests',
  'a clear definition of the inputs',
  'measuring before optimising',
  'the cost of being wrong',
  'how often the underlying data changes',
  'a small, well-tested core',
  'predictable behaviour under load',
  'the context the question was asked in',
  'keeping things simple',
  'reusing work that was already done',
];
const CLOSERS = ['', ' in most cases', ', at least at first', ' when the stakes are low', ', as experience shows', ' for typical workloads'];

interface Answer {
  content: string | null;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
}

function generateAnswer(request: ChatRequest, random: Random, hash: string): Answer {
  const toolCalls = maybeCallTool(request, random, hash);
  if (toolCalls) return { content: null, toolCalls, finishReason: 'tool_calls' };
  const format = request.response_format;
  let content: string;
  if (format?.type === 'json_object') content = JSON.stringify(jsonAnswer(random));
  else if (format?.type === 'json_schema') content = JSON.stringify(fillSchema(format.json_schema.schema, random));
  else content = proseAnswer(request, random);
  return applyLimits(content, request);
}

/** Cuts at the earliest stop string, then at `max_tokens` (which reports `finish_reason: 'length'`). */
function applyLimits(content: string, request: ChatRequest): Answer {
  const stops = request.stop === undefined ? [] : [request.stop].flat().filter((stop) => stop !== '');
  const cut = Math.min(...stops.map((stop) => content.indexOf(stop)).filter((at) => at >= 0), content.length);
  let text = content.slice(0, cut);
  const limit = request.max_tokens;
  if (limit !== undefined && tokensIn(text) > limit) {
    text = text.slice(0, limit * 4);
    return { content: text, finishReason: 'length' };
  }
  return { content: text, finishReason: 'stop' };
}

function pick(list: readonly string[], random: Random): string {
  return list[random(list.length)]!;
}

function sentence(random: Random): string {
  return `${pick(SUBJECTS, random)} ${pick(VERBS, random)} ${pick(OBJECTS, random)}${pick(CLOSERS, random)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One to four sentences; the first echoes a few words of the last user message so demos read sensibly. */
function proseAnswer(request: ChatRequest, random: Random): string {
  const count = 1 + random(4);
  const topic = lastUserWords(request.messages);
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) {
    const opener = i === 0 && topic ? `About "${topic}",` : pick(OPENERS, random);
    sentences.push(`${opener} ${sentence(random)}.`);
  }
  return sentences.join(' ');
}

function lastUserWords(messages: readonly ChatMessage[]): string {
  const last = messages.findLast((message) => message.role === 'user');
  const content = last?.content;
  const text =
    typeof content === 'string'
      ? content
      : (content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join(' ');
  return (text.match(/[\p{L}\p{N}'-]+/gu) ?? []).slice(0, 5).join(' ');
}

function jsonAnswer(random: Random): Record<string, unknown> {
  return { answer: `${capitalise(sentence(random))}.`, confidence: (50 + random(50)) / 100 };
}

/** A value matching the top level of a JSON Schema: its declared properties filled by type. */
function fillSchema(schema: Record<string, unknown> | undefined, random: Random): unknown {
  const properties = schema?.['properties'];
  if (!properties || typeof properties !== 'object') return jsonAnswer(random);
  const filled: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties as Record<string, { type?: unknown }>)) {
    filled[name] = valueOfType(property?.type, random);
  }
  return filled;
}

function valueOfType(type: unknown, random: Random): unknown {
  switch (Array.isArray(type) ? type[0] : type) {
    case 'string':
      return pick(OBJECTS, random);
    case 'number':
      return random(10_000) / 100;
    case 'integer':
      return random(100);
    case 'boolean':
      return random(2) === 1;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return null;
  }
}

/** Calls a tool only when `tool_choice` demands one (`'required'` or a named function); `'auto'` answers in text. */
function maybeCallTool(request: ChatRequest, random: Random, hash: string): ToolCall[] | undefined {
  const { tools, tool_choice: choice } = request;
  if (!tools?.length || choice === undefined || choice === 'none' || choice === 'auto') return undefined;
  const tool =
    choice === 'required' ? tools[random(tools.length)] : tools.find((t) => t.function.name === choice.function.name);
  if (!tool) {
    const name = choice === 'required' ? '' : choice.function.name;
    throw httpError(400, `\`tool_choice\` names "${name}", which is not in \`tools\``, 400, '');
  }
  const args = tool.function.parameters?.['properties'] ? fillSchema(tool.function.parameters, random) : {};
  return [
    {
      id: `call_offline_${hash.slice(0, 12)}`,
      type: 'function',
      function: { name: tool.function.name, arguments: JSON.stringify(args) },
    },
  ];
}
