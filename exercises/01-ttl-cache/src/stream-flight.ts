import { OpenRouterError } from '@workbook/openrouter';
import type { ChatChunk, ChatResponse, ChatStream } from '@workbook/openrouter';

/** What becomes of a flight: the finished response, or why it failed. */
type Outcome = { response: ChatResponse } | { error: unknown };

/**
 * One upstream stream, recorded as it arrives and fanned out: every reader gets every chunk from the first, however
 * late it joined. The upstream request is aborted only when the last reader has left before the stream ended.
 */
export class StreamFlight {
  /** The chunks received so far, in order: the recording. */
  readonly chunks: ChatChunk[] = [];
  /** Settles once the stream has ended and `finish` has run: with the response, or the failure. */
  readonly outcome: Promise<Outcome>;

  /**
   * @param start opens the upstream stream with the signal that cancels it.
   * @param finish runs once the upstream stream has ended successfully, before any reader sees the end; a throw
   *   becomes the flight's failure (how a rethrown cache failure reaches every reader).
   */
  constructor(start: (signal: AbortSignal) => ChatStream, finish: (response: ChatResponse, chunks: readonly ChatChunk[]) => Promise<void>) {
    // TODO(ex1.stream-cache): Open the upstream stream at once with an AbortController's signal that you keep.
    // Append every chunk to `chunks` as it arrives and wake the readers waiting for it. When the stream ends, await
    // its `response`, then `finish(response, chunks)`, and only then settle `outcome` with { response } — or with
    // { error } if the stream, its response or finish failed — and wake the readers once more.
    this.outcome = Promise.reject(new Error(`TODO(ex1.stream-cache): StreamFlight ${typeof start} ${typeof finish}`));
  }

  /** Whether every reader left before the end, so the upstream was aborted and nobody else should join. */
  get abandoned(): boolean {
    // TODO(ex1.stream-cache): true once the upstream signal has been aborted.
    throw new Error('TODO(ex1.stream-cache): abandoned');
  }

  /**
   * Hands `push` a copy of every chunk, from the first, as they arrive, and resolves with the response once the stream
   * has ended. When `signal` aborts, this reader alone leaves (rejecting with an `aborted` error).
   */
  async follow(push: (chunk: ChatChunk) => void, signal: AbortSignal): Promise<ChatResponse> {
    // TODO(ex1.stream-cache): Count this reader in. Push a structuredClone of each recorded chunk from index 0 (a
    // late joiner catches up), then wait for the next chunk, the end, or `signal`. At the end, resolve with a copy of
    // the response, or throw the flight's error; when `signal` aborts, throw abortedError(signal.reason). Whichever
    // way this reader leaves, count it out; if it was the last one and the stream has not ended, abort upstream.
    throw new Error(`TODO(ex1.stream-cache): follow ${typeof push} ${signal.aborted}`);
  }
}

/** The error a reader's stream fails with when its own signal aborts, as the shared clients' streams do. */
export function abortedError(reason: unknown): OpenRouterError {
  return new OpenRouterError('The stream was aborted by its caller.', { code: 'aborted', cause: reason });
}
