export { TTLCache } from './ttl-cache.js';
export type { TTLCacheOptions } from './ttl-cache.js';
export { cacheKey, canonicalJson, IGNORED_FIELDS, KEY_SCHEMA_VERSION, ORDERED_PATHS } from './cache-key.js';
export { CachingClient, isCacheable } from './caching-client.js';
export type { RecordedResponse } from './replay.js';
export type { CachingClientOptions } from './caching-client.js';
