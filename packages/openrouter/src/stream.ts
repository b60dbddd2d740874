import { OpenRouterError } from './errors.js';
import type {
  AssistantMessage,
  ChatChoice,
  ChatChunk,
  ChatResponse,
  ChatStream,
  ToolCall,
  Usage,
} from './types.js';

/**
 * Produces a stream: calls `push` for every chunk in order and resolves with the assembled response, or rejects
 * with an `OpenRouterError`. `signal` aborts when the consumer leaves the loop early.
 */
export type StreamProducer = (push: (chunk: ChatChunk) => void, signal: AbortSignal) => Promise<ChatResponse>;

/**
 * The {@link ChatStream} both clients return. The producer starts at once and its chunks wait in a buffer until
 * read, so `response` settles whether or not anyone iterates; the iterator hands them out in order, then ends, or
 * throws the producer's error once the chunks before it have been read.
 */
export class BufferedChatStream implements ChatStream {
  readonly response: Promise<ChatResponse>;
  readonly #buffer: ChatChunk[] = [];
  readonly #cancel = new AbortController();
  #ended = false;
  #failure: { error: unknown } | undefined;
  #wake: (() => void) | undefined;
  #iterated = false;

  constructor(produce: StreamProducer) {
    this.response = produce((chunk) => {
      this.#buffer.push(chunk);
      this.#notify();
    }, this.#cancel.signal).then(
      (response) => {
        this.#ended = true;
        this.#notify();
        return response;
      },
      (error: unknown) => {
        this.#ended = true;
        this.#failure = { error };
        this.#notify();
        throw error;
      },
    );
    // A caller that only iterates learns of a failure from the loop; `response` must not also crash the process
    // as an unhandled rejection. Awaiting it still rejects.
    this.response.catch(() => {});
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatChunk> {
    if (this.#iterated) throw new TypeError('A ChatStream can be iterated only once; await `response` for the whole answer.');
    this.#iterated = true;
    return {
      next: () => this.#next(),
      return: async () => {
        // Leaving the loop early: stop the upstream request so no more tokens are generated (and billed).
        if (!this.#ended) this.#cancel.abort(new DOMException('The stream was closed by its reader', 'AbortError'));
        this.#buffer.length = 0;
        return { done: true, value: undefined };
      },
    };
  }

  async #next(): Promise<IteratorResult<ChatChunk>> {
    for (;;) {
      const chunk = this.#buffer.shift();
      if (chunk) return { done: false, value: chunk };
      if (this.#failure) throw this.#failure.error;
      if (this.#ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/**
 * Builds the `chat.completion` a stream amounts to: per choice, the concatenated `content`, `reasoning` and
 * `refusal`, tool calls merged by `index`, the last `finish_reason`; id, model and provider from the chunks; the
 * `usage` of the last chunk that has one. The same request answered with `chat()` has the same message and usage.
 */
export class ResponseAssembler {
  #first: ChatChunk | undefined;
  #usage: Usage | undefined;
  readonly #choices = new Map<number, { choice: ChatChoice; tools: Map<number, ToolCall> }>();

  add(chunk: ChatChunk): void {
    this.#first ??= chunk;
    if (chunk.usage) this.#usage = chunk.usage;
    for (const { index, delta, finish_reason: finish, native_finish_reason: native } of chunk.choices ?? []) {
      let entry = this.#choices.get(index);
      if (!entry) {
        entry = { choice: { index, message: { role: 'assistant', content: null }, finish_reason: null }, tools: new Map() };
        this.#choices.set(index, entry);
      }
      const { choice, tools } = entry;
      const message = choice.message;
      for (const field of ['content', 'reasoning', 'refusal'] as const) {
        const text = delta?.[field];
        if (typeof text === 'string') message[field] = (message[field] ?? '') + text;
      }
      if (delta?.annotations?.length) message.annotations = [...(message.annotations ?? []), ...delta.annotations];
      if (delta?.reasoning_details?.length) {
        message.reasoning_details = [...(message.reasoning_details ?? []), ...delta.reasoning_details];
      }
      for (const call of delta?.tool_calls ?? []) {
        const known = tools.get(call.index) ?? { id: '', type: 'function' as const, function: { name: '', arguments: '' } };
        if (call.id) known.id = call.id;
        if (call.function?.name) known.function.name += call.function.name;
        if (call.function?.arguments) known.function.arguments += call.function.arguments;
        tools.set(call.index, known);
      }
      if (finish !== null && finish !== undefined) choice.finish_reason = finish;
      if (native !== null && native !== undefined) choice.native_finish_reason = native;
    }
  }

  /** The assembled response; a stream that sent no chunk at all is an error, not an empty answer. */
  result(): ChatResponse {
    const first = this.#first;
    if (!first || this.#choices.size === 0) {
      throw new OpenRouterError('The stream ended without any choice; try again or pick another model.', {
        code: 'invalid_response',
      });
    }
    const choices = [...this.#choices.values()]
      .sort((a, b) => a.choice.index - b.choice.index)
      .map(({ choice, tools }) => {
        const message: AssistantMessage = { ...choice.message };
        if (tools.size > 0) message.tool_calls = [...tools.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
        return { ...choice, message };
      });
    const response: ChatResponse = {
      id: first.id,
      object: 'chat.completion',
      created: first.created,
      model: first.model,
      choices,
    };
    if (first.provider !== undefined) response.provider = first.provider;
    if (this.#usage) response.usage = this.#usage;
    return response;
  }
}
