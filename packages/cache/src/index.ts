export type { Cache, MaybePromise } from './cache.js';
export { coarseNow } from './clock.js';
