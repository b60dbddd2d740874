export { DiskCache, DEFAULT_COMPRESS_ABOVE_BYTES } from './disk-cache.js';
export type { DiskCacheEvents, DiskCacheOperation, DiskCacheOptions, DiskCacheWarning } from './disk-cache.js';
export { KeyvDiskStore } from './keyv-store.js';
export { entryFileName } from './names.js';
export { ENVELOPE_VERSION } from './envelope.js';
export type { Encoding, EntryHeader } from './envelope.js';
export type { Compression } from './compression.js';
