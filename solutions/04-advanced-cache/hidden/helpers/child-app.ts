/**
 * One app process for the cross-process tests: builds the implementation's tiered cache on the given Redis, says
 * `ready`, waits for `go`, asks for one key with a slow compute, and reports whether it was the one that computed.
 * Usage: child-app.ts <implPath> <redisUrl> <key>
 */
import { pathToFileURL } from 'node:url';
import { patient } from './patience.js';

const [implPath, redisUrl, key] = process.argv.slice(2) as [string, string, string];
const impl = (await import(pathToFileURL(implPath).href)) as typeof import('@impl');
const cache = await impl.createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: redisUrl }, lockPollMs: 10, logger: { warn: () => {} }, ...patient });
process.send?.({ type: 'ready', l2Status: cache.l2Status });
await new Promise<void>((resolve) => process.once('message', () => resolve()));
let computed = false;
const value = await cache.getOrCompute(key, async () => {
  computed = true;
  await new Promise((resolve) => setTimeout(resolve, 300));
  return `answer from ${process.pid}`;
});
process.send?.({ type: 'result', computed, value });
await cache.close();
process.disconnect?.();
