/**
 * `pnpm test:chaos input`: bad input thrown at the four reference solutions and the OpenRouter client, as a
 * careless caller or a broken `.env` would. Each case wants a clear typed error that names the argument, option or
 * field — or simply the right behaviour — and never a hang (each case is bounded), a wrong hit, lost data, a timer
 * Node cannot schedule, or a secret (an API key, a Redis password) in any message or log line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createClient, OfflineClient, OpenRouterClient, OpenRouterError, type ChatRequest, type ChatResponse } from '@workbook/openrouter';
import * as ex1 from '../../../../solutions/01-ttl-cache/src/index.js';
import * as ex2 from '../../../../solutions/02-disk-cache/src/index.js';
import * as ex3 from '../../../../solutions/03-cache-stats/src/index.js';
import * as ex4 from '../../../../solutions/04-advanced-cache/src/index.js';
import type { ChaosRow, ChaosSection } from './row.js';

/** Longest a case may take before it counts as a hang, in ms: every case is local and answers in far less. */
const CASE_LIMIT_MS = 10_000;
/** The first delay Node cannot schedule: `setTimeout` runs it after 1 ms instead. */
const TOO_LONG = 2 ** 31;
const API_KEY = 'sk-or-v1-CHAOS-5ecret-0123456789abcdef';
const REDIS_PASSWORD = 'chaos-redis-Pa55word';
const SECRETS = [API_KEY, REDIS_PASSWORD];

/** What a case found wrong, or `undefined` when it went as wanted. */
type Verdict = string | undefined;
type ErrorType = abstract new (...args: never[]) => Error;

interface Case {
  /** The row a case is counted in, e.g. `ex1 cacheKey`. */
  group: string;
  name: string;
  /** What is wanted, as printed in a row for a miss. */
  want: string;
  run: (context: CaseContext) => Promise<Verdict> | Verdict;
}

/** What a case produced — log lines and the errors it caught — all scanned for secrets. */
interface CaseContext {
  logs: string[];
  errors: unknown[];
}

/** A case that wants `act` to throw (or reject with) a `type` whose message names every one of `names`. */
function rejects(group: string, name: string, type: ErrorType, names: string[], act: (context: CaseContext) => unknown, also?: (error: Error) => Verdict): Case {
  const want = `${type.name} naming ${names.join(', ')}`;
  return {
    group,
    name,
    want,
    run: async (context) => {
      let error: unknown;
      try {
        const result = await act(context);
        return `no error (returned ${clip(inspect(result, { depth: 1 }))})`;
      } catch (thrown) {
        error = thrown;
        context.errors.push(thrown);
      }
      if (!(error instanceof type)) return `threw ${describe(error)}`;
      const missing = names.filter((n) => !error.message.includes(n));
      if (missing.length > 0) return `${describe(error)} — does not name ${missing.join(', ')}`;
      return also?.(error);
    },
  };
}

/** A case that wants `act` to go through: a value that looks odd but is valid. */
function accepts(group: string, name: string, act: () => unknown): Case {
  return behaves(group, name, 'accepted', async (context) => {
    try {
      await act();
      return undefined;
    } catch (error) {
      context.errors.push(error);
      return `threw ${describe(error)}`;
    }
  });
}

/** A case that wants `act` to behave: it returns what went wrong, or `undefined`. */
function behaves(group: string, name: string, want: string, act: (context: CaseContext) => Promise<Verdict> | Verdict): Case {
  return { group, name, want, run: act };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${clip(error.message)}` : `a non-error ${clip(inspect(error))}`;
}

function clip(text: string, max = 110): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Every way an error can be read: message, stack, properties and cause chain. */
function everyViewOf(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack ?? ''}\n${inspect(error, { depth: 8, showHidden: true })}` : inspect(error, { depth: 8 });
}

const request: ChatRequest = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'What is a cache?' }] };
/** `request` with `content` in place of its first message's text. */
const withContent = (content: unknown): ChatRequest => ({ ...request, messages: [{ role: 'user', content: content as string }] });
const circular = (): Record<string, unknown> => {
  const part: Record<string, unknown> = { type: 'text', text: 'hi' };
  part['self'] = part;
  return part;
};
const offline = () => new OfflineClient({ latencyMs: 0 });
/** A complete response, to put in caches. */
const response = (content: string): ChatResponse => ({
  id: 'gen-chaos',
  object: 'chat.completion',
  created: 0,
  model: request.model,
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
});

/** Two calls that must not share a key: either both are refused, or the keys differ. */
function neverShareAKey(key: (value: unknown) => string, a: unknown, b: unknown): Verdict {
  const keys: (string | Error)[] = [a, b].map((value) => {
    try {
      return key(value);
    } catch (error) {
      return error instanceof TypeError ? error : new Error(`not a TypeError: ${describe(error)}`);
    }
  });
  const odd = keys.find((k) => k instanceof Error && !(k instanceof TypeError));
  if (odd instanceof Error) return odd.message;
  return keys[0] === keys[1] ? `the same key for both (${String(keys[0]).slice(0, 20)}…): a wrong hit` : undefined;
}

function ex1Cases(): Case[] {
  const key = (content: unknown) => ex1.cacheKey(withContent(content));
  const g = 'ex1 cacheKey';
  return [
    behaves(g, 'two different Dates', 'refused or different keys', () => neverShareAKey(key, new Date(0), new Date(1))),
    behaves(g, 'two different Maps', 'refused or different keys', () => neverShareAKey(key, new Map([['a', 1]]), new Map())),
    behaves(g, 'a Date and {}', 'refused or different keys', () => neverShareAKey(key, new Date(0), {})),
    behaves(g, 'two different Sets', 'refused or different keys', () => neverShareAKey(key, new Set([1]), new Set([2]))),
    rejects(g, 'a Date', TypeError, ['request.messages[0].content'], () => key(new Date(0))),
    rejects(g, 'a Map', TypeError, ['request.messages[0].content'], () => key(new Map())),
    rejects(g, 'a class instance', TypeError, ['request.messages[0].content'], () => key(new (class Point { x = 1 })())),
    rejects(g, 'a circular content part', TypeError, ['request.messages[0].content[0].self'], () => key([circular()])),
    rejects(g, 'NaN temperature', TypeError, ['request.temperature'], () => ex1.cacheKey({ ...request, temperature: Number.NaN })),
    rejects(g, 'a BigInt seed', TypeError, ['request.seed'], () => ex1.cacheKey({ ...request, seed: 7n as never })),
    behaves(g, 'plain data in another key order', 'the same key', () =>
      ex1.cacheKey({ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 0 }) === ex1.cacheKey({ temperature: 0, messages: [{ content: 'x', role: 'user' }], model: 'm' }) ? undefined : 'different keys',
    ),
  ];
}

function ex1CacheCases(): Case[] {
  const g = 'ex1 TTLCache and CachingClient';
  const make = (options: object) => () => new ex1.TTLCache(options as never).close();
  return [
    // A TTL is compared with the clock, never scheduled: a month is a fair TTL, unlike a month-long sweep period.
    accepts(g, `ttlMs ${TOO_LONG} (a TTL is not a timer)`, make({ ttlMs: TOO_LONG })),
    rejects(g, `sweepIntervalMs ${TOO_LONG}`, RangeError, ['`sweepIntervalMs`'], make({ sweepIntervalMs: TOO_LONG })),
    rejects(g, 'sweepIntervalMs 0', RangeError, ['`sweepIntervalMs`'], make({ sweepIntervalMs: 0 })),
    rejects(g, 'ttlMs NaN', RangeError, ['`ttlMs`'], make({ ttlMs: Number.NaN })),
    rejects(g, 'ttlMs "1000"', TypeError, ['`ttlMs`'], make({ ttlMs: '1000' })),
    rejects(g, 'maxEntries 1.5', RangeError, ['`maxEntries`'], make({ maxEntries: 1.5 })),
    rejects(g, 'now that is not a function', TypeError, ['`now`'], make({ now: 5 })),
    rejects(g, 'a key that is a number', TypeError, ['`key`'], () => new ex1.TTLCache().set(42 as never, 'v')),
    behaves(g, `set(k, v, ${TOO_LONG}) over an old value`, 'stored: a TTL is not a timer', () => {
      const cache = new ex1.TTLCache<string>();
      cache.set('k', 'old');
      cache.set('k', 'new', TOO_LONG);
      return cache.get('k') === 'new' ? undefined : `read back ${String(cache.get('k'))}`;
    }),
    behaves(g, "the key '__proto__'", 'stored and read back', () => (new ex1.TTLCache<number>().set('__proto__', 7).get('__proto__') === 7 ? undefined : 'not read back')),
    accepts(g, `CachingClient ttlMs ${TOO_LONG}`, () => new ex1.CachingClient({ client: offline(), cache: new ex1.TTLCache(), ttlMs: TOO_LONG })),
    rejects(g, 'CachingClient without a client', TypeError, ['`client`'], () => new ex1.CachingClient({ cache: new ex1.TTLCache() } as never)),
    behaves(g, 'CachingClient and a null message', 'invalid_request naming request.messages[0], nothing cached or called', async () => {
      const upstream = offline();
      const cache = new ex1.TTLCache<ChatResponse>();
      const client = new ex1.CachingClient({ client: upstream, cache });
      const error = await client.chat({ ...request, messages: [null as never] }).then(() => undefined, (e: unknown) => e);
      if (!(error instanceof OpenRouterError) || error.code !== 'invalid_request' || !error.message.includes('request.messages[0]')) return `got ${describe(error)}`;
      return upstream.calls === 0 && cache.size === 0 ? undefined : `${upstream.calls} upstream calls, ${cache.size} entries cached`;
    }),
  ];
}

async function withDiskCache<T>(options: object, use: (cache: ex2.DiskCache<unknown>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-input-'));
  try {
    const cache = await ex2.DiskCache.open({ dir, ...options });
    try {
      return await use(cache);
    } finally {
      await cache.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ex2Cases(): Case[] {
  const g = 'ex2 DiskCache';
  const open = (options: object) => () => withDiskCache(options, async () => undefined);
  return [
    rejects(g, 'maxBytes NaN', RangeError, ['`maxBytes`'], open({ maxBytes: Number.NaN })),
    rejects(g, 'maxBytes -1', RangeError, ['`maxBytes`'], open({ maxBytes: -1 })),
    accepts(g, `ttlMs ${TOO_LONG} (a TTL is not a timer)`, open({ ttlMs: TOO_LONG })),
    rejects(g, 'compressAboveBytes -1', RangeError, ['`compressAboveBytes`'], open({ compressAboveBytes: -1 })),
    rejects(g, 'dir ""', TypeError, ['`dir`'], () => ex2.DiskCache.open({ dir: '' })),
    rejects(g, 'a key that is a number', TypeError, ['`key`'], () => withDiskCache({}, (cache) => cache.get(42 as never))),
    behaves(g, 'a BigInt value over an old value', 'TypeError, old value kept', () =>
      withDiskCache({}, async (cache) => {
        await cache.set('k', 'old');
        const error = await cache.set('k', { n: 1n }).then(() => undefined, (e: unknown) => e);
        if (!(error instanceof TypeError)) return `got ${error === undefined ? 'no error' : describe(error)}`;
        const kept = await cache.get('k');
        return kept === 'old' ? undefined : `lost the old value: ${inspect(kept)}`;
      }),
    ),
    behaves(g, "the key '__proto__'", 'stored and read back', () =>
      withDiskCache({}, async (cache) => {
        await cache.set('__proto__', { a: 1 });
        const back = (await cache.get('__proto__')) as { a?: number } | undefined;
        return back?.a === 1 ? undefined : `read back ${inspect(back)}`;
      }),
    ),
  ];
}

function ex3Cases(): Case[] {
  const g = 'ex3 statistics';
  return [
    rejects(g, 'hitRate(-1, 2)', RangeError, ['`hits`'], () => ex3.hitRate(-1, 2)),
    rejects(g, 'hitRate(1, 1.5)', RangeError, ['`misses`'], () => ex3.hitRate(1, 1.5)),
    rejects(g, "hitRate('3', 1)", TypeError, ['`hits`'], () => ex3.hitRate('3' as never, 1)),
    rejects(g, `HitRateWindow windowMs ${TOO_LONG}`, RangeError, ['`windowMs`'], () => new ex3.HitRateWindow({ windowMs: TOO_LONG, bucketMs: 2 ** 21 })),
    rejects(g, 'CacheStats bucketMs 0', RangeError, ['`bucketMs`'], () => new ex3.CacheStats({ bucketMs: 0 })),
    rejects(g, 'InstrumentedCache sampleEvery 0', RangeError, ['`sampleEvery`'], () => new ex3.InstrumentedCache(new ex1.TTLCache(), { sampleEvery: 0 })),
    rejects(g, 'ValueLedger maxModels 1.5', RangeError, ['`maxModels`'], () => new ex3.ValueLedger({ maxModels: 1.5 })),
    rejects(g, 'percentile(101)', RangeError, [], () => new ex3.LatencyHistogram().percentile(101)),
    rejects(g, 'renderReport width 10', RangeError, ['`width`'], () => ex3.renderReport(new ex3.CacheStats().snapshot(), { width: 10 })),
    rejects(g, "toPrometheus prefix 'bad prefix'", RangeError, ['`prefix`'], () => ex3.toPrometheus(new ex3.CacheStats().snapshot(), { prefix: 'bad prefix' })),
    behaves(g, 'LatencyHistogram.record(NaN)', 'ignored', () => {
      const histogram = new ex3.LatencyHistogram();
      histogram.record(Number.NaN);
      return histogram.count === 0 ? undefined : `count ${histogram.count}`;
    }),
    behaves(g, 'estimateBytes of a cycle', 'a finite number', () => {
      const bytes = ex3.estimateBytes(circular());
      return Number.isFinite(bytes) ? undefined : `got ${bytes}`;
    }),
  ];
}

function ex4Cases(): Case[] {
  const g = 'ex4 LRU and tiered';
  const tiered = (options: object) => async () => {
    const cache = new ex4.TieredCache(options as never);
    await cache.close();
  };
  return [
    rejects(g, 'LRUCache maxEntries 0', RangeError, ['`maxEntries`'], () => new ex4.LRUCache({ maxEntries: 0 })),
    rejects(g, 'LRUCache maxEntries -1', RangeError, ['`maxEntries`'], () => new ex4.LRUCache({ maxEntries: -1 })),
    rejects(g, 'LRUCache maxEntries 1.5', RangeError, ['`maxEntries`'], () => new ex4.LRUCache({ maxEntries: 1.5 })),
    accepts(g, `LRUCache ttlMs ${TOO_LONG} (a TTL is not a timer)`, () => new ex4.LRUCache({ maxEntries: 10, ttlMs: TOO_LONG })),
    rejects(g, 'LRUCache key that is an object', TypeError, ['`key`'], () => new ex4.LRUCache({ maxEntries: 10 }).set({} as never, 1)),
    rejects('ex4 memoize', 'memoize with a BigInt argument', TypeError, ['`args[0]`'], () => ex4.memoize(async (n: bigint) => n)(1n)),
    behaves('ex4 memoize', 'memoize with two different Maps', 'refused or two computes', async () => {
      let computes = 0;
      const size = ex4.memoize(async (map: Map<string, number>) => ++computes && map.size);
      const results = await Promise.allSettled([size(new Map([['a', 1]])), size(new Map())]);
      if (results.every((r) => r.status === 'rejected' && r.reason instanceof TypeError)) return undefined;
      const values = results.map((r) => (r.status === 'fulfilled' ? r.value : describe(r.reason)));
      return values[0] === 1 && values[1] === 0 ? undefined : `answers ${inspect(values)}: a wrong hit`;
    }),
    rejects('ex4 memoize', 'memoize with a Date inside an argument', TypeError, ['`args[0].when`', 'Date'], () => ex4.memoize(async (q: { when: Date }) => q.when)({ when: new Date(0) })),
    rejects('ex4 memoize', 'memoize with NaN, which JSON writes as null', TypeError, ['`args[0]`'], () => ex4.memoize(async (n: number) => n)(Number.NaN)),
    rejects('ex4 memoize', 'memoize with a circular argument', TypeError, ['`args[0].self`'], () => ex4.memoize(async (part: unknown) => part)(circular())),
    rejects(g, 'SingleFlightCache key that is a number', TypeError, ['key'], () => new ex4.SingleFlightCache().getOrCompute(42 as never, () => 1)),
    rejects(g, `TieredCache l2TimeoutMs ${TOO_LONG}`, RangeError, ['`l2TimeoutMs`'], tiered({ l2TimeoutMs: TOO_LONG })),
    rejects(g, `TieredCache l2RetryMs ${TOO_LONG}`, RangeError, ['`l2RetryMs`'], tiered({ l2RetryMs: TOO_LONG })),
    rejects(g, `TieredCache lockWaitMs ${TOO_LONG}`, RangeError, ['`lockWaitMs`'], tiered({ lockWaitMs: TOO_LONG })),
    rejects(g, `TieredCache lockPollMs ${TOO_LONG}`, RangeError, ['`lockPollMs`'], tiered({ lockPollMs: TOO_LONG })),
    accepts(g, `TieredCache ttlMs ${TOO_LONG} (a TTL is not a timer)`, tiered({ ttlMs: TOO_LONG })),
    rejects(g, `createTieredCache connectTimeoutMs ${TOO_LONG}`, RangeError, ['`connectTimeoutMs`'], async () => (await ex4.createTieredCache({ env: {}, connectTimeoutMs: TOO_LONG })).close()),
    rejects(g, 'createTieredCache USE_REDIS=maybe', TypeError, ['USE_REDIS'], async () => (await ex4.createTieredCache({ env: { USE_REDIS: 'maybe' } })).close()),
    ...['redis://PASSWORD@127.0.0.1:1', 'redis://user:PASSWORD@127.0.0.1:1', 'redis://:PASSWORD@127.0.0.1:1/0'].map((shape) =>
      behaves(g, `an unreachable ${shape.replace('127.0.0.1:1', 'host')}`, 'memory only, one warning, password never shown', async (context) => {
        const url = shape.replace('PASSWORD', REDIS_PASSWORD);
        const logger = { warn: (message: string) => void context.logs.push(message) };
        const cache = await ex4.createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: url }, logger, connectTimeoutMs: 500 });
        await cache.close();
        // The password check itself runs for every case, on its logs and errors.
        return context.logs.length === 1 ? undefined : `${context.logs.length} warnings`;
      }),
    ),
  ];
}

function clientCases(server: { baseUrl: string; requests: () => number }): Case[] {
  const g = 'client';
  const online = (options: object = {}) => new OpenRouterClient({ apiKey: API_KEY, baseUrl: server.baseUrl, sleep: async () => {}, ...options });
  const make = (options: object) => () => online(options);
  /** The call must fail with invalid_request naming `field`, before any request reaches the server or is counted. */
  const refused = (name: string, bad: unknown, field: string, client: () => OfflineClient | OpenRouterClient) => {
    let sent = '';
    return rejects(g, name, OpenRouterError, [field], async () => {
      const before = server.requests();
      const c = client();
      const outcome = await c.chat(bad as ChatRequest).then(
        (answer) => ({ answer }),
        (error: unknown) => ({ error }),
      );
      sent = server.requests() !== before || c.calls !== 0 ? `${server.requests() - before} requests sent, ${c.calls} counted` : '';
      if ('error' in outcome) throw outcome.error;
      return outcome.answer;
    }, (error) => sent || ((error as OpenRouterError).code === 'invalid_request' ? undefined : `code ${String((error as OpenRouterError).code)}`));
  };
  const env = (vars: Record<string, string>) => () => createClient({ env: { OPENROUTER_API_KEY: API_KEY, ...vars } });
  return [
    rejects(g, `timeoutMs ${TOO_LONG}`, RangeError, ['`timeoutMs`'], make({ timeoutMs: TOO_LONG })),
    rejects(g, `deadlineMs ${TOO_LONG}`, RangeError, ['`deadlineMs`'], make({ deadlineMs: TOO_LONG })),
    rejects(g, 'deadlineMs 0', RangeError, ['`deadlineMs`'], make({ deadlineMs: 0 })),
    rejects(g, `retryMaxDelayMs ${TOO_LONG}`, RangeError, ['`retryMaxDelayMs`'], make({ retryMaxDelayMs: TOO_LONG })),
    rejects(g, `retryBaseDelayMs ${TOO_LONG}`, RangeError, ['`retryBaseDelayMs`'], make({ retryBaseDelayMs: TOO_LONG })),
    rejects(g, 'maxRetries 1.5', RangeError, ['`maxRetries`'], make({ maxRetries: 1.5 })),
    rejects(g, 'an API key with a newline', TypeError, ['`apiKey`'], () => new OpenRouterClient({ apiKey: `${API_KEY}\n` })),
    rejects(g, `offline latencyMs ${TOO_LONG}`, RangeError, ['`latencyMs`'], () => new OfflineClient({ latencyMs: TOO_LONG })),
    refused('a null message (online)', { ...request, messages: [null] }, 'request.messages[0]', online),
    refused('a numeric content (online)', withContent(42), 'request.messages[0].content', online),
    refused('role "bogus" (online)', { ...request, messages: [{ role: 'bogus', content: 'hi' }] }, 'request.messages[0].role', online),
    refused('no messages (online)', { model: request.model }, 'request.messages', online),
    refused('a BigInt seed (online)', { ...request, seed: 1n }, 'request.seed', online),
    refused('a null message (offline)', { ...request, messages: [null] }, 'request.messages[0]', offline),
    refused('a numeric content (offline)', withContent(42), 'request.messages[0].content', offline),
    refused('role "bogus" (offline)', { ...request, messages: [{ role: 'bogus', content: 'hi' }] }, 'request.messages[0].role', offline),
    refused('no messages (offline)', { model: request.model }, 'request.messages', offline),
    refused('no request at all (offline)', undefined, 'request', offline),
    rejects(g, 'OPENROUTER_TIMEOUT_MS=abc', RangeError, ['OPENROUTER_TIMEOUT_MS'], env({ OPENROUTER_TIMEOUT_MS: 'abc' })),
    rejects(g, `OPENROUTER_TIMEOUT_MS=${TOO_LONG}`, RangeError, ['OPENROUTER_TIMEOUT_MS'], env({ OPENROUTER_TIMEOUT_MS: String(TOO_LONG) })),
    rejects(g, 'OPENROUTER_MAX_RETRIES=-1', RangeError, ['OPENROUTER_MAX_RETRIES'], env({ OPENROUTER_MAX_RETRIES: '-1' })),
    rejects(g, 'the API key pasted into OPENROUTER_MAX_RETRIES', RangeError, ['OPENROUTER_MAX_RETRIES'], env({ OPENROUTER_MAX_RETRIES: API_KEY })),
    behaves(g, 'a hung upstream with deadlineMs 300', 'a timeout error, 2 attempts at most, within the deadline', async () => {
      const hung = await startHungServer();
      try {
        const client = new OpenRouterClient({ apiKey: API_KEY, baseUrl: hung.baseUrl, timeoutMs: 200, deadlineMs: 300, retryBaseDelayMs: 1 });
        const error = await client.chat(request).then(() => undefined, (e: unknown) => e);
        if (!(error instanceof OpenRouterError) || error.code !== 'timeout') return `got ${error === undefined ? 'an answer' : describe(error)}`;
        return client.calls <= 2 ? undefined : `${client.calls} attempts`;
      } finally {
        await hung.close();
      }
    }),
  ];
}

/** A local OpenRouter stand-in on 127.0.0.1 that answers `mode`: every request with a completion, or never. */
async function startServer(mode: 'answer' | 'hang'): Promise<{ baseUrl: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    if (mode === 'hang') return;
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(response('ok')));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
const startHungServer = () => startServer('hang');

/** Runs one case with a time limit; returns what went wrong, secrets and hangs included. */
async function runCase(test: Case): Promise<Verdict> {
  const context: CaseContext = { logs: [], errors: [] };
  // Anything printed while the case runs is part of what it produced.
  const originals = { warn: console.warn, error: console.error, log: console.log };
  const capture = (...args: unknown[]) => void context.logs.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' '));
  console.warn = console.error = console.log = capture;
  let timer: NodeJS.Timeout | undefined;
  try {
    const hang = new Promise<Verdict>((resolve) => {
      timer = setTimeout(() => resolve(`still running after ${CASE_LIMIT_MS} ms: a hang`), CASE_LIMIT_MS);
    });
    const verdict = await Promise.race([
      (async () => {
        try {
          return await test.run(context);
        } catch (error) {
          context.errors.push(error);
          return `threw ${describe(error)}`;
        }
      })(),
      hang,
    ]);
    const texts = [...context.logs, ...context.errors.map(everyViewOf), verdict ?? ''];
    const leaked = SECRETS.filter((secret) => texts.some((text) => text.includes(secret)));
    if (leaked.length > 0) return `printed a secret (${leaked.map((s) => (s === API_KEY ? 'the API key' : 'the Redis password')).join(', ')})`;
    return verdict;
  } finally {
    clearTimeout(timer);
    Object.assign(console, originals);
  }
}

export const run: ChaosSection = async (log) => {
  const server = await startServer('answer');
  // A delay Node cannot schedule shows as a TimeoutOverflowWarning: count them while the cases run.
  const overflows: string[] = [];
  const onWarning = (warning: Error) => void (warning.name === 'TimeoutOverflowWarning' && overflows.push(warning.message));
  process.on('warning', onWarning);
  const cases = [...ex1Cases(), ...ex1CacheCases(), ...ex2Cases(), ...ex3Cases(), ...ex4Cases(), ...clientCases(server)];
  const results: { test: Case; verdict: Verdict }[] = [];
  try {
    for (const test of cases) results.push({ test, verdict: await runCase(test) });
  } finally {
    await server.close();
    process.off('warning', onWarning);
  }
  log(`${cases.length} bad-input cases, ${results.filter((r) => r.verdict !== undefined).length} missed`);

  const rows: ChaosRow[] = [];
  const groups = [...new Set(cases.map((c) => c.group))];
  for (const group of groups) {
    const mine = results.filter((r) => r.test.group === group);
    const good = mine.filter((r) => r.verdict === undefined).length;
    rows.push({ section: 'input', check: `${group}: cases as wanted`, measured: `${good} of ${mine.length}`, want: `${mine.length} of ${mine.length}`, ok: good === mine.length });
  }
  for (const { test, verdict } of results) {
    if (verdict !== undefined) rows.push({ section: 'input', check: `  ${test.group}: ${test.name}`, measured: verdict, want: test.want, ok: false });
  }
  rows.push({ section: 'input', check: 'TimeoutOverflowWarnings (a delay Node cannot schedule)', measured: String(overflows.length), want: '0', ok: overflows.length === 0 });
  return rows;
};
