export { startRedis, findRedisServer, hasRedisServer, freePort } from './redis-server.js';
export type { RedisServer, StartRedisOptions } from './redis-server.js';
export { redisSkipReason, redisAvailable, describeRedis } from './skip.js';
export { spawnTs, nextMessage, sandboxedChildArgs } from './child.js';
export type { SpawnTsOptions } from './child.js';
export { manualClock, waitFor, PROCESS_TEST_TIMEOUT_MS } from './time.js';
export type { ManualClock } from './time.js';
export { implPath } from './impl.js';
