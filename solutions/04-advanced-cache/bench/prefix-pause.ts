/**
 * How long `invalidatePrefix` blocks Redis: 100,000 keys under a prefix in a namespace of 1,000,000, removed with
 * SCAN + UNLINK. Two figures: the longest single command Redis ran (its SLOWLOG; target ≤ 10 ms), and the longest
 * gap between two PING answers of a second client sending them back to back (which also counts this machine's own
 * scheduling: compare it with the same gap while Redis is idle). For contrast, the same walk as one `KEYS` command. A standalone measurement, not a
 * tinybench suite (`pnpm bench` compares throughputs; this is a worst-case pause):
 *
 *     pnpm tsx solutions/04-advanced-cache/bench/prefix-pause.ts
 */
import { performance } from 'node:perf_hooks';
import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { hasRedisServer, startRedis } from '@workbook/testkit/redis-server';
import { Keyv } from 'keyv';
import { RedisInvalidator, TieredCache } from '../src/index.js';

const TOTAL = 1_000_000;
const MATCHING = 100_000;
const TARGET_MS = 10;

async function connect(url: string): Promise<RedisClientType> {
  const client = createClient({ url }) as unknown as RedisClientType;
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Writes the namespace: every tenth key under `p:`, the rest under `other:`, in MSETs of 10,000. */
async function fill(client: RedisClientType): Promise<void> {
  for (let start = 0; start < TOTAL; start += 10_000) {
    const pairs: string[] = [];
    for (let i = start; i < start + 10_000; i++) pairs.push(i % 10 === 0 ? `bench::p:${i}` : `bench::other:${i}`, '{"value":"v"}');
    await client.mSet(pairs);
  }
}

/** PINGs back to back until `done` settles; resolves to the longest gap between two answers, in ms. */
async function longestGap(client: RedisClientType, done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.finally(() => (finished = true));
  let last = performance.now();
  let longest = 0;
  while (!finished) {
    await client.ping();
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }
  return longest;
}

/**
 * The longest single command Redis ran since the last call, in ms, from its SLOWLOG (every command of 1 ms or more is
 * logged): how long the server itself was blocked, whatever this machine's scheduling adds on the client's side.
 */
async function longestCommand(client: RedisClientType): Promise<{ ms: number; command: string }> {
  const entries = (await client.sendCommand(['SLOWLOG', 'GET', '100000'])) as [number, number, number, string[]][];
  await client.sendCommand(['SLOWLOG', 'RESET']);
  let longest = { ms: 0, command: '(none over 1 ms)' };
  for (const [, , micros, args] of entries) if (micros / 1000 > longest.ms) longest = { ms: micros / 1000, command: String(args[0]) };
  return longest;
}

if (!hasRedisServer()) {
  console.log('prefix-pause: no redis-server binary found; nothing to measure.');
  process.exit(0);
}
const server = await startRedis();
try {
  const client = await connect(server.url);
  const pinger = await connect(server.url);
  await fill(client);
  await client.sendCommand(['CONFIG', 'SET', 'slowlog-log-slower-than', '1000']);
  await client.sendCommand(['CONFIG', 'SET', 'slowlog-max-len', '100000']);
  const keyv = new Keyv<string>({ store: new KeyvRedis<string>(client, { namespace: 'bench', throwOnErrors: true }), namespace: 'bench', useKeyPrefix: false, throwOnErrors: true });
  const invalidator = new RedisInvalidator(client, { namespace: 'bench', scanCount: Number(process.env.SCAN_COUNT ?? 1000) });
  await invalidator.ready();
  const cache = new TieredCache<string>({ l2: keyv, invalidator, l2TimeoutMs: 60_000 });

  // The same measure with Redis idle: the noise of this machine and of this process's event loop.
  const idleGap = await longestGap(pinger, new Promise((resolve) => setTimeout(resolve, 1000)));

  await longestCommand(client);
  const started = performance.now();
  const invalidation = cache.invalidatePrefix('p:');
  const gap = await longestGap(pinger, invalidation);
  const removed = await invalidation;
  const tookMs = performance.now() - started;
  const scanBlock = await longestCommand(client);

  await fill(client);
  const keysCall = client.keys('bench::p:*');
  const keysGap = await longestGap(pinger, keysCall);
  const keysBlock = await longestCommand(client);

  console.log(`invalidatePrefix: removed ${removed.toLocaleString('en')} of ${TOTAL.toLocaleString('en')} keys in ${tookMs.toFixed(0)} ms`);
  console.log(`  longest single command in Redis (SLOWLOG) during SCAN + UNLINK: ${scanBlock.ms.toFixed(2)} ms (${scanBlock.command}; target ≤ ${TARGET_MS} ms) ${scanBlock.ms <= TARGET_MS ? '✔' : '✖'}`);
  console.log(`  longest single command in Redis during one KEYS: ${keysBlock.ms.toFixed(2)} ms (${keysBlock.command})`);
  console.log(`  longest gap between PING answers during SCAN + UNLINK: ${gap.toFixed(2)} ms (target ≤ ${TARGET_MS} ms) ${gap <= TARGET_MS ? '✔' : '✖'}`);
  console.log(`  longest gap with Redis idle, for comparison: ${idleGap.toFixed(2)} ms`);
  console.log(`  longest gap during one KEYS bench::p:* over the same namespace: ${keysGap.toFixed(2)} ms`);
  await invalidator.close();
  pinger.destroy();
  client.destroy();
  process.exitCode = scanBlock.ms <= TARGET_MS ? 0 : 1;
} finally {
  await server.stop();
}
