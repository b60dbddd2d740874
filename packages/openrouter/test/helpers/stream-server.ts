import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatChunk, ChatDelta, ChoiceError, FinishReason, Usage } from '../../src/types.js';
import type { RecordedRequest } from './fake-openrouter.js';

/** How one request went, seen from the server. */
export interface Exchange {
  request: RecordedRequest;
  /** Settles when the connection is over: `true` if the client went away before the server ended the response. */
  closed: Promise<boolean>;
}

export interface StreamServer {
  /** Base URL to pass as `baseUrl`, e.g. http://127.0.0.1:54321/api/v1 */
  baseUrl: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

/** Writes the response to request `index` by hand: status, headers, events, pauses, or nothing at all. */
export type StreamHandler = (request: RecordedRequest, response: ServerResponse, index: number) => void | Promise<void>;

/**
 * A local OpenRouter look-alike on 127.0.0.1 whose handler writes each response itself, so a test can send
 * server-sent events one at a time, split them across writes, pause, or fail half-way.
 */
export async function startStreamServer(handler: StreamHandler): Promise<StreamServer> {
  const exchanges: Exchange[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const closed = new Promise<boolean>((resolve) => res.on('close', () => resolve(!res.writableFinished)));
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = exchanges.push({ request, closed }) - 1;
      void handler(request, res, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts an event stream response. */
export function openEventStream(response: ServerResponse, headers: Record<string, string> = {}): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  response.flushHeaders();
}

/** One `data:` event, framed. */
export function event(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export const DONE = 'data: [DONE]\n\n';
export const PROCESSING = ': OPENROUTER PROCESSING\n\n';

/** A chunk of generation `gen-stream-1` with one choice. */
export function chunk(delta: ChatDelta, finish: FinishReason = null, extra: Partial<ChatChunk> = {}): ChatChunk {
  return {
    id: 'gen-stream-1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'openai/gpt-4o-mini',
    provider: 'OpenAI',
    choices: [{ index: 0, delta, finish_reason: finish, native_finish_reason: finish }],
    ...extra,
  };
}

export const finalUsage: Usage = {
  prompt_tokens: 12,
  completion_tokens: 3,
  total_tokens: 15,
  cost: 0.000_012,
  prompt_tokens_details: { cached_tokens: 8 },
  completion_tokens_details: { reasoning_tokens: 0 },
};

/** The last chunk before `[DONE]`: no choices, the usage of the whole generation. */
export function usageChunk(usage: Usage = finalUsage): ChatChunk {
  return { ...chunk({}), choices: [], usage };
}

/** The chunk OpenRouter sends when generation fails mid-stream. */
export function errorChunk(error: ChoiceError): ChatChunk {
  return { ...chunk({ content: '' }, 'error'), error };
}

/** A complete, successful stream of "Hello, world!" in three pieces. */
export const HELLO_EVENTS = [
  event(chunk({ role: 'assistant', content: 'Hello' })),
  event(chunk({ content: ', world' })),
  event(chunk({ content: '!' }, 'stop')),
  event(usageChunk()),
  DONE,
];
