export type { Cache, MaybePromise } from './cache.js';
