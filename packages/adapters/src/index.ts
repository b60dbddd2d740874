export { aiSdkKey, cacheMiddleware } from './ai-sdk.js';
export type { AiSdkCacheEntry, AiSdkCacheOptions } from './ai-sdk.js';
export type { CacheAdapterOptions } from './fail-open.js';
export { LangChainCache, langChainKey } from './langchain.js';
export type { LangChainCacheOptions } from './langchain.js';
