/**
 * One app process of the Redis chaos section: a cache from the reference `createTieredCache` on a private Redis,
 * running getOrCompute calls without pause until told to stop, and reporting what the section counts.
 * Usage: redis-worker.ts <redisUrl> <name>. Messages: see redis-protocol.ts.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createTieredCache } from '../../../../solutions/04-advanced-cache/src/index.js';
import { WORKER_SETTINGS, type FromWorker, type ToWorker } from './redis-protocol.js';

const [redisUrl, name] = process.argv.slice(2) as [string, string];
const send = (message: FromWorker): void => void process.send?.(message);
const cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: redisUrl }, logger: { warn: () => {} }, ...WORKER_SETTINGS });
cache.on('error', () => {});
cache.on('recover', () => send({ type: 'recovered', at: Date.now() }));

let running = true;
let calls = 0;
const failures: string[] = [];
let windowStart = Infinity;
let slowestInWindowMs = 0;
const watched = new Map<string, string>();
let deletedValueReads = 0;
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();

/**
 * One call, timed and checked: getOrCompute for the workload's keys; for a watched key a plain get(), so that
 * nothing but the doomed write could ever put a value there, and any answer equal to it is the deleted value.
 */
async function call(key: string): Promise<void> {
  const started = Date.now();
  try {
    const deleted = watched.get(key);
    if (deleted === undefined) await cache.getOrCompute(key, async () => `${key} by ${name} at ${started}`);
    else if ((await cache.get(key)) === deleted) deletedValueReads++;
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    calls++;
    if (started >= windowStart) slowestInWindowMs = Math.max(slowestInWindowMs, Date.now() - started);
  }
}

/**
 * Three callers in a loop over 200 keys, plus the watched ones, pausing 5 ms between rounds: an app's steady load,
 * not a CPU burner of its own that would starve its own timers.
 */
async function workload(): Promise<void> {
  let i = 0;
  while (running) {
    const keys = [`k${i++ % 200}`, `k${i++ % 200}`, `k${i++ % 200}`, ...watched.keys()];
    await Promise.all(keys.map(call));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const load = workload();
process.on('message', async (message: ToWorker) => {
  if (message.type === 'window') {
    windowStart = Date.now();
    slowestInWindowMs = 0;
    lag.reset();
  } else if (message.type === 'doom') {
    // Issued at once, while the cache still thinks Redis is up: the SET goes out on the wire and times out.
    await cache.set(message.key, message.value);
    await cache.delete(message.key);
    send({ type: 'deleted', at: Date.now() });
  } else if (message.type === 'watch') {
    watched.set(message.key, message.value);
  } else if (message.type === 'report') {
    send({ type: 'report', calls, failures: failures.slice(0, 5), slowestInWindowMs, eventLoopLagMs: Math.round(lag.max / 1e6), deletedValueReads });
  } else if (message.type === 'stop') {
    running = false;
    await load;
    await cache.close();
    process.exit(0);
  }
});
send({ type: 'ready' });
