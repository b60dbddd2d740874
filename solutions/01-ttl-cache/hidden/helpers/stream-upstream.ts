import { BufferedChatStream, OpenRouterError, ResponseAssembler } from '@workbook/openrouter';
import type { ChatCallOptions, ChatChunk, ChatClient, ChatRequest, FinishReason, StreamingChatClient, Usage } from '@workbook/openrouter';
import { response } from './upstream.js';

export const usage: Usage = { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18, cost: 0.0000054 };

/** One chunk as OpenRouter streams it. */
export function chunk(choices: ChatChunk['choices'], extra: Partial<ChatChunk> = {}): ChatChunk {
  return { id: 'gen-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'openai/gpt-4o-mini', choices, ...extra };
}

/** The chunks of an answer: one per piece of text (the first with the role), one with the finish reason, one with usage. */
export function answerChunks(pieces: string[] = ['Because', ' repeats', ' are', ' free.'], finish: FinishReason = 'stop'): ChatChunk[] {
  return [
    ...pieces.map((content, at) => chunk([{ index: 0, delta: at === 0 ? { role: 'assistant', content } : { content }, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: finish }]),
    chunk([], { usage }),
  ];
}

/** One upstream stream the test drives by hand: it sends chunks, ends or fails when the test says so. */
export interface DrivenStream {
  request: ChatRequest;
  /** The signal the caching client passed; aborted when it gave the stream up. */
  signal: AbortSignal | undefined;
  /** Whether the upstream request was aborted. */
  readonly aborted: boolean;
  send(...chunks: ChatChunk[]): void;
  /** Ends the stream successfully. */
  end(): void;
  fail(error: unknown): void;
  /** Sends every chunk of `answerChunks(...)` and ends. */
  play(chunks?: ChatChunk[]): void;
}

/** A streaming upstream whose every stream is driven by the test, and which records each one (and each chat() call). */
export function drivenUpstream() {
  const streams: DrivenStream[] = [];
  const chats: ChatRequest[] = [];
  const client: ChatClient & StreamingChatClient = {
    async chat(request) {
      chats.push(request);
      return response();
    },
    stream(request: ChatRequest, options: ChatCallOptions = {}) {
      let driven!: DrivenStream;
      const stream = new BufferedChatStream(
        (push, closed) =>
          new Promise((resolve, reject) => {
            const assembler = new ResponseAssembler();
            const stop = options.signal ? AbortSignal.any([options.signal, closed]) : closed;
            stop.addEventListener('abort', () => reject(new OpenRouterError('aborted upstream', { code: 'aborted', cause: stop.reason })), { once: true });
            driven = {
              request,
              signal: options.signal,
              get aborted() {
                return stop.aborted;
              },
              send: (...chunks) => {
                for (const each of chunks) {
                  assembler.add(each);
                  push(each);
                }
              },
              end: () => resolve(assembler.result()),
              fail: reject,
              play: (chunks = answerChunks()) => {
                driven.send(...chunks);
                driven.end();
              },
            };
          }),
      );
      streams.push(driven);
      return stream;
    },
  };
  return { client, streams, chats };
}

/** Reads a whole stream, returning its chunks. */
export async function drain(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const each of stream) chunks.push(each);
  return chunks;
}

/** Lets every pending promise callback run, so a stream's next step has happened. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
