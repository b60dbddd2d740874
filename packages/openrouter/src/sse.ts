import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * The server-sent events of `body`, in order, parsed by `eventsource-parser`: it handles the framing that a
 * hand-written `split('\n')` gets wrong — events split across network reads, `\r\n` line ends, multi-line `data:`
 * fields — and drops comment lines such as OpenRouter's `: OPENROUTER PROCESSING` keep-alives.
 *
 * `onRead` runs after every network read, comments included, so an idle timeout can tell a slow model (that keeps
 * sending keep-alives) from a dead connection. Ends when the body ends; a read error (abort, reset) propagates.
 */
export async function* serverSentEvents(
  body: ReadableStream<Uint8Array>,
  onRead: () => void = () => {},
): AsyncGenerator<EventSourceMessage> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onRead();
      parser.feed(decoder.decode(value, { stream: true }));
      while (pending.length > 0) yield pending.shift()!;
    }
    // A last event without its closing blank line is incomplete: the spec says to drop it, and so does the parser.
    parser.feed(decoder.decode());
    while (pending.length > 0) yield pending.shift()!;
  } finally {
    // Stops the download when the consumer leaves early (no-op once the body has ended).
    await reader.cancel().catch(() => {});
  }
}
