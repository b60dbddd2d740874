import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished, vi } from 'vitest';
import { OpenRouterClient, type OpenRouterClientOptions } from '../../src/http.js';
import type { ChatRequest, ChatResponse } from '../../src/types.js';

/** A canary key: tests assert it never shows up in any error. */
export const CANARY_KEY = 'sk-or-v1-CANARY-0123456789';

/** What the fake server saw. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One scripted reply. `body` objects are sent as JSON, strings as is. `hang` never answers. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  hang?: boolean;
}

export type Script = Reply[] | ((request: RecordedRequest, index: number) => Reply | Promise<Reply>);

export interface FakeOpenRouter {
  /** Base URL to pass as `baseUrl`, e.g. http://127.0.0.1:54321/api/v1 */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A local stand-in for OpenRouter on 127.0.0.1 and a free port. An array script answers request i with reply i
 * (the last reply repeats).
 */
export async function startFakeOpenRouter(script: Script): Promise<FakeOpenRouter> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = requests.push(recorded) - 1;
      const replyFor = Array.isArray(script) ? () => script[Math.min(index, script.length - 1)]! : script;
      void Promise.resolve(replyFor(recorded, index)).then((reply) => {
        if (reply.hang) return;
        const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves once `server` has received `count` requests (the client's I/O runs meanwhile). */
export async function requestsReceived(server: FakeOpenRouter, count: number): Promise<void> {
  while (server.requests.length < count) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Takes over the client's per-attempt timer (`AbortSignal.timeout(timeoutMs)`) until the test ends: the test fires
 * attempt n's timeout itself with `expire(n)` (from 0), so a timeout happens exactly where the test says, never
 * because a busy machine was slow. `requestedMs` lists the `timeoutMs` each attempt asked for.
 */
export function manualAttemptTimeouts(): { requestedMs: number[]; expire(attempt: number): void } {
  const controllers: AbortController[] = [];
  const requestedMs: number[] = [];
  const spy = vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
    requestedMs.push(ms);
    const controller = new AbortController();
    controllers.push(controller);
    return controller.signal;
  });
  onTestFinished(() => spy.mockRestore());
  return {
    requestedMs,
    expire(attempt) {
      const controller = controllers[attempt];
      if (!controller) throw new Error(`attempt ${attempt} has not started: ${controllers.length} attempt(s) so far`);
      controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    },
  };
}

/** A base URL on which nothing listens: a port that was free a moment ago. */
export async function closedBaseUrl(): Promise<string> {
  const fake = await startFakeOpenRouter([{}]);
  await fake.close();
  return fake.baseUrl;
}

/** A well-formed chat completion. */
export function completion(content = 'Hello from the fake server.', model = 'openai/gpt-4o-mini'): ChatResponse {
  return {
    id: 'gen-test-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    provider: 'OpenAI',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

export function errorBody(code: number | string, message: string): { error: { code: number | string; message: string } } {
  return { error: { code, message } };
}

/** A sleep that records the requested delays and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

/** A client aimed at `baseUrl` that never really sleeps between retries. */
export function testClient(
  baseUrl: string,
  options: Partial<OpenRouterClientOptions> = {},
): { client: OpenRouterClient; delays: number[] } {
  const { sleep, delays } = recordingSleep();
  const client = new OpenRouterClient({ apiKey: CANARY_KEY, baseUrl, sleep, random: () => 0.5, ...options });
  return { client, delays };
}

export const hello: ChatRequest = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say hello.' }],
};

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject, but it resolved');
}
