import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants, gunzip, gzip } from 'node:zlib';
import type { Encoding } from './envelope.js';

/** The codecs a cache may write; both are always readable, whatever the cache is configured to write. */
export type Compression = 'br' | 'gzip';

/**
 * Brotli at quality 4: on 1–8 KB of chat JSON it compresses to about the size gzip -6 reaches, and decompresses as
 * fast or faster (theory § 6.6). The library default, 11, is tuned for assets compressed once; it saves another
 * 15–20% but costs 2–8 ms per entry.
 */
const BROTLI_QUALITY = 4;

const brotli = promisify(brotliCompress);
const unbrotli = promisify(brotliDecompress);
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * The payload for a value's JSON: compressed with `compression` when the JSON is longer than `aboveBytes` and
 * compressing makes it smaller (random or already-compressed text does not shrink), else the UTF-8 as is. The
 * async zlib functions run on the libuv thread pool, so a large value does not block the event loop.
 */
export async function encodePayload(json: string, aboveBytes: number, compression: Compression): Promise<{ encoding: Encoding; payload: Buffer }> {
  const raw = Buffer.from(json);
  if (raw.length <= aboveBytes) return { encoding: 'identity', payload: raw };
  const packed =
    compression === 'br'
      ? await brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
      : await gzipAsync(raw);
  return packed.length < raw.length ? { encoding: compression, payload: packed } : { encoding: 'identity', payload: raw };
}

/**
 * The value's JSON back from a payload.
 * @throws Error when a compressed payload does not decompress (a corrupt entry).
 */
export async function decodePayload(encoding: Encoding, payload: Buffer): Promise<string> {
  switch (encoding) {
    case 'identity':
      return payload.toString('utf8');
    case 'br':
      return (await unbrotli(payload)).toString('utf8');
    case 'gzip':
      return (await gunzipAsync(payload)).toString('utf8');
  }
}
