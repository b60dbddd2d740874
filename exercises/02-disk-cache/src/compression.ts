import type { Encoding } from './envelope.js';

/** The codecs a cache may write; both are always readable, whatever the cache is configured to write. */
export type Compression = 'br' | 'gzip';

/**
 * The payload for a value's JSON: compressed with `compression` when the JSON is longer than `aboveBytes` and
 * compressing makes it smaller (random or already-compressed text does not shrink), else the UTF-8 as is. The
 * async zlib functions run on the libuv thread pool, so a large value does not block the event loop.
 */
export async function encodePayload(json: string, aboveBytes: number, compression: Compression): Promise<{ encoding: Encoding; payload: Buffer }> {
  // TODO(ex2.compression): Measure the JSON in UTF-8 bytes. Up to `aboveBytes` (inclusive): encoding 'identity',
  // the bytes as they are. Above: compress with node:zlib — brotliCompress (set BROTLI_PARAM_QUALITY to about 4;
  // the default 11 costs milliseconds) for 'br', gzip for 'gzip' — and keep the result only if it is smaller than
  // the plain bytes; otherwise store them as 'identity'.
  throw new Error(`TODO(ex2.compression): encodePayload ${json.length} characters, above ${aboveBytes}, ${compression}`);
}

/**
 * The value's JSON back from a payload.
 * @throws Error when a compressed payload does not decompress (a corrupt entry).
 */
export async function decodePayload(encoding: Encoding, payload: Buffer): Promise<string> {
  // TODO(ex2.compression): The header's encoding decides, never the cache's options: 'identity' is UTF-8 as is,
  // 'br' goes through brotliDecompress, 'gzip' through gunzip. Let zlib's error propagate for a bad payload.
  throw new Error(`TODO(ex2.compression): decodePayload ${encoding} ${payload.length} bytes`);
}
