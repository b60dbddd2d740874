import { BufferedChatStream, ResponseAssembler } from '@workbook/openrouter';
import type { ChatCallOptions, ChatChunk, ChatClient, ChatRequest, ChatStream, StreamingChatClient, Usage } from '@workbook/openrouter';
import type { ManualClock } from './clock.js';
import { response } from './clients.js';

/** Lets pending promise callbacks run, so a reader has taken the chunk it was handed before time moves on. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function chunk(content: string, finish: ChatChunk['choices'][number]['finish_reason'] = null, usage?: Usage): ChatChunk {
  return { id: 'gen-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'openai/gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: finish }], ...(usage ? { usage } : {}) };
}

export interface StreamScript {
  /** Time on the manual clock before the first chunk, in ms. */
  firstMs: number;
  /** Time on the manual clock from the first chunk to the last, in ms. */
  restMs: number;
  /** Marks the final response `cache: { hit, key }` as a caching client would; `undefined` leaves the mark out. */
  hit: boolean | undefined;
  usage?: Usage;
  /** Fails after the first chunk instead of ending. */
  fail?: Error;
  /** Ends without sending any chunk. */
  empty?: boolean;
}

/**
 * A streaming client on a manual clock: each stream waits `firstMs`, sends a first chunk, waits `restMs`, sends the
 * last one and ends with a response marked by `hit`. Records every stream's chunks, response and signal.
 */
export function streamingClient(clock: ManualClock, script: (request: ChatRequest) => StreamScript) {
  const streams: { chunks: ChatChunk[]; response?: unknown; signal: AbortSignal | undefined; stream: ChatStream }[] = [];
  const client: ChatClient & StreamingChatClient = {
    async chat() {
      throw new Error('chat() was not expected: the test streams');
    },
    stream(request: ChatRequest, options: ChatCallOptions = {}) {
      const plan = script(request);
      const record: (typeof streams)[number] = { chunks: [], signal: options.signal, stream: undefined as unknown as ChatStream };
      record.stream = new BufferedChatStream(async (push) => {
        const send = (each: ChatChunk): void => {
          record.chunks.push(each);
          push(each);
        };
        if (plan.empty) {
          clock.advance(plan.firstMs + plan.restMs);
          return response(request.model, plan.usage, plan.hit === undefined ? undefined : { hit: plan.hit, key: 'k' });
        }
        await settle();
        clock.advance(plan.firstMs);
        send(chunk('Hello'));
        await settle();
        clock.advance(plan.restMs);
        if (plan.fail) throw plan.fail;
        send(chunk(' there.', 'stop', plan.usage));
        await settle();
        const assembler = new ResponseAssembler();
        for (const each of record.chunks) assembler.add(each);
        const answer = plan.hit === undefined ? assembler.result() : { ...assembler.result(), cache: { hit: plan.hit, key: 'k' } };
        record.response = answer;
        return answer;
      });
      streams.push(record);
      return record.stream;
    },
  };
  return { client, streams };
}
