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
  readonly #upstream = new AbortController();
  readonly #wakers = new Set<() => void>();
  #readers = 0;
  #settled: Outcome | undefined;

  /**
   * @param start opens the upstream stream with the signal that cancels it.
   * @param finish runs once the upstream stream has ended successfully, before any reader sees the end; a throw
   *   becomes the flight's failure (how a rethrown cache failure reaches every reader).
   */
  constructor(start: (signal: AbortSignal) => ChatStream, finish: (response: ChatResponse, chunks: readonly ChatChunk[]) => Promise<void>) {
    this.outcome = this.#run(start, finish);
  }

  /** Whether every reader left before the end, so the upstream was aborted and nobody else should join. */
  get abandoned(): boolean {
    return this.#upstream.signal.aborted;
  }

  /**
   * Hands `push` a copy of every chunk, from the first, as they arrive, and resolves with the response once the stream
   * has ended. When `signal` aborts, this reader alone leaves (rejecting with an `aborted` error).
   */
  async follow(push: (chunk: ChatChunk) => void, signal: AbortSignal): Promise<ChatResponse> {
    this.#readers += 1;
    try {
      for (let next = 0; ; ) {
        if (signal.aborted) throw abortedError(signal.reason);
        // A copy per reader: one reader changing its chunks must not change another's, or the recording.
        while (next < this.chunks.length) push(structuredClone(this.chunks[next++]!));
        const settled = this.#settled;
        if (settled) {
          if ('error' in settled) throw settled.error;
          return structuredClone(settled.response);
        }
        await this.#change(signal);
      }
    } finally {
      this.#readers -= 1;
      if (this.#readers === 0 && !this.#settled) this.#upstream.abort(new DOMException('Every reader left the stream', 'AbortError'));
    }
  }

  async #run(start: (signal: AbortSignal) => ChatStream, finish: (response: ChatResponse, chunks: readonly ChatChunk[]) => Promise<void>): Promise<Outcome> {
    try {
      const stream = start(this.#upstream.signal);
      for await (const chunk of stream) {
        this.chunks.push(chunk);
        this.#wake();
      }
      const response = await stream.response;
      await finish(response, this.chunks);
      this.#settled = { response };
    } catch (error) {
      this.#settled = { error };
    }
    this.#wake();
    return this.#settled;
  }

  /** Resolves at the next chunk, at the end, or when `signal` aborts. */
  #change(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.#wakers.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.#wakers.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  #wake(): void {
    for (const wake of [...this.#wakers]) wake();
  }
}

/** The error a reader's stream fails with when its own signal aborts, as the shared clients' streams do. */
export function abortedError(reason: unknown): OpenRouterError {
  return new OpenRouterError('The stream was aborted by its caller.', { code: 'aborted', cause: reason });
}
