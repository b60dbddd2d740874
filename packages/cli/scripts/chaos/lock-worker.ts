/**
 * One app process of the lock chaos section: a cache from the reference `createTieredCache` on a private Redis,
 * with the cross-process lock, asking for the keys it is told to. Usage: lock-worker.ts <redisUrl>.
 */
import { createTieredCache } from '../../../../solutions/04-advanced-cache/src/index.js';
import { LOCK_L2_TIMEOUT_MS, LOCK_TTL_MS, type FromWorker, type ToWorker } from './lock-protocol.js';

const [redisUrl] = process.argv.slice(2) as [string];
const send = (message: FromWorker): void => void process.send?.(message);
const cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: redisUrl }, logger: { warn: () => {} }, lockTtlMs: LOCK_TTL_MS, l2TimeoutMs: LOCK_L2_TIMEOUT_MS });
cache.on('error', (error, operation) => console.error(`L2 ${operation} failed: ${error.message}`));
const finishers = new Map<string, () => void>();

async function ask(key: string, kind: 'quick' | 'held'): Promise<void> {
  let computed = false;
  const value = await cache.getOrCompute(key, async () => {
    computed = true;
    if (kind === 'quick') await new Promise((resolve) => setTimeout(resolve, 300));
    else {
      send({ type: 'computing', key });
      await new Promise<void>((resolve) => finishers.set(key, resolve));
    }
    return `${key} from ${process.pid}`;
  });
  send({ type: 'answer', key, computed, value });
}

process.on('message', async (message: ToWorker) => {
  if (message.type === 'probe') {
    // A fresh cache says 'up' before its first L2 call: ask L2 until a call has really succeeded.
    for (;;) {
      await cache.has('probe');
      if (cache.l2Status === 'up') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    send({ type: 'up' });
  } else if (message.type === 'go') {
    void ask(message.key, message.compute);
  } else if (message.type === 'finish') {
    finishers.get(message.key)?.();
  } else if (message.type === 'stop') {
    await cache.close();
    process.exit(0);
  }
});
send({ type: 'ready' });
