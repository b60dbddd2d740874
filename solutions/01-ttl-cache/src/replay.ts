import type { AssistantMessage, ChatChunk, ChatDelta, ChatResponse, Sleep, Usage } from '@workbook/openrouter';
import { abortedError } from './stream-flight.js';

/** What the cache keeps for a request: the response, and the chunks it arrived in when it was streamed. */
export interface RecordedResponse extends ChatResponse {
  /** The stream's chunks in order, when the answer was recorded from `stream()`; absent when from `chat()`. */
  chunks?: ChatChunk[];
}

/** The response a cache entry holds, without the recording. */
export function answerOf(entry: RecordedResponse): ChatResponse {
  const { chunks: _recording, ...response } = entry;
  return response;
}

/**
 * The chunks to replay for an entry: the recorded ones, or, for an answer recorded by `chat()`, the chunks it
 * amounts to (one with each choice's whole message, one with its finish reason, one with the usage).
 */
export function chunksToReplay(entry: RecordedResponse): ChatChunk[] {
  if (entry.chunks) return entry.chunks;
  const { id, created, model, provider } = entry;
  const chunk = (choices: ChatChunk['choices'], usage?: Usage): ChatChunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    ...(provider === undefined ? {} : { provider }),
    choices,
    ...(usage === undefined ? {} : { usage }),
  });
  return [
    ...entry.choices.flatMap(({ index, message, finish_reason: finish }) => [
      chunk([{ index, delta: deltaOf(message), finish_reason: null }]),
      chunk([{ index, delta: {}, finish_reason: finish }]),
    ]),
    chunk([], entry.usage),
  ];
}

/**
 * Pushes a copy of each chunk in order, waiting `delayMs` between two chunks (never before the first), and stops
 * with an `aborted` error as soon as `signal` aborts.
 */
export async function replay(chunks: readonly ChatChunk[], push: (chunk: ChatChunk) => void, signal: AbortSignal, delayMs: number, sleep: Sleep): Promise<void> {
  for (const [at, chunk] of chunks.entries()) {
    if (at > 0 && delayMs > 0) await sleep(delayMs, signal).catch(() => {});
    if (signal.aborted) throw abortedError(signal.reason);
    push(structuredClone(chunk));
  }
}

/** A whole message as one delta; tool calls take the `index` a delta needs. */
function deltaOf({ tool_calls: calls, ...message }: AssistantMessage): ChatDelta {
  return calls ? { ...message, tool_calls: calls.map((call, index) => ({ index, ...call })) } : message;
}
