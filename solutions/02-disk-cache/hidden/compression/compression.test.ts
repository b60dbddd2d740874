import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { cacheDir } from '../helpers/dirs.js';
import { readEntryFile, writeEntryFile } from '../helpers/envelope.js';

/** A string value whose JSON is exactly `bytes` long (two quotes plus the text), and compresses well. */
const jsonOfLength = (bytes: number) => 'ab'.repeat(bytes).slice(0, bytes - 2);
const chatLike = { id: 'gen-1', choices: [{ message: { role: 'assistant', content: 'Caching repeated prompts saves money. '.repeat(400) } }] };

describe('DiskCache compression', () => {
  it('stores a value above compressAboveBytes compressed, and reads it back unchanged', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir, compressAboveBytes: 1_000 });
    await cache.set('k', chatLike);
    const { header, payload } = await readEntryFile(dir, 'k');
    expect(['br', 'gzip'], 'the header records the encoding').toContain(header.encoding);
    expect(payload.length, 'the payload is smaller than the JSON').toBeLessThan(JSON.stringify(chatLike).length / 4);
    expect(await cache.get('k')).toEqual(chatLike);
  });

  it('compresses only JSON longer than compressAboveBytes: equal stays plain, one byte more is compressed', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir, compressAboveBytes: 500 });
    await cache.set('at', jsonOfLength(500));
    await cache.set('above', jsonOfLength(501));
    expect((await readEntryFile(dir, 'at')).header.encoding, 'JSON of exactly 500 bytes').toBe('identity');
    expect((await readEntryFile(dir, 'above')).header.encoding, 'JSON of 501 bytes').not.toBe('identity');
    expect([await cache.get('at'), await cache.get('above')]).toEqual([jsonOfLength(500), jsonOfLength(501)]);
  });

  it('uses 4096 bytes as the default threshold', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    await cache.set('at', jsonOfLength(4096));
    await cache.set('above', jsonOfLength(4097));
    expect((await readEntryFile(dir, 'at')).header.encoding).toBe('identity');
    expect((await readEntryFile(dir, 'above')).header.encoding).not.toBe('identity');
  });

  it.each([
    ['br', (payload: Buffer) => brotliDecompressSync(payload)],
    ['gzip', (payload: Buffer) => gunzipSync(payload)],
  ] as const)("writes with compression: '%s' a payload that zlib decompresses to the JSON", async (codec, decompress) => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir, compressAboveBytes: 100, compression: codec });
    await cache.set('k', chatLike);
    const { header, payload } = await readEntryFile(dir, 'k');
    expect(header.encoding).toBe(codec);
    expect(JSON.parse(decompress(payload).toString('utf8'))).toEqual(chatLike);
  });

  it('reads entries by the encoding their header records, whatever the reader is configured to write', async () => {
    const dir = await cacheDir();
    await new DiskCache<unknown>({ dir, compressAboveBytes: 100, compression: 'gzip' }).set('gz', chatLike);
    await new DiskCache<unknown>({ dir, compressAboveBytes: 100, compression: 'br' }).set('br', chatLike);
    const reader = await DiskCache.open<unknown>({ dir, compressAboveBytes: Infinity });
    expect(await reader.get('gz')).toEqual(chatLike);
    expect(await reader.get('br')).toEqual(chatLike);
  });

  it.each(['br', 'gzip'] as const)("keeps a value that %s would make larger as it is", async (codec) => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir, compressAboveBytes: 0, compression: codec });
    await cache.set('k', { a: 1 });
    expect((await readEntryFile(dir, 'k')).header.encoding, 'seven bytes of JSON only grow when compressed: store them plain').toBe('identity');
    expect(await cache.get('k')).toEqual({ a: 1 });
  });

  it('never compresses with compressAboveBytes: Infinity, and compresses everything that shrinks with 0', async () => {
    const dir = await cacheDir();
    await new DiskCache<unknown>({ dir, compressAboveBytes: Infinity }).set('never', chatLike);
    await new DiskCache<unknown>({ dir, compressAboveBytes: 0 }).set('always', { text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    expect((await readEntryFile(dir, 'never')).header.encoding).toBe('identity');
    expect((await readEntryFile(dir, 'always')).header.encoding).not.toBe('identity');
  });

  it('reads a compressed payload that does not decompress as a corrupt entry: a miss, a warning, the file removed', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir });
    const warnings: Array<{ code?: string }> = [];
    cache.on('warning', (w) => warnings.push(w));
    await writeEntryFile(dir, 'k', 'this is not brotli at all', { encoding: 'br' });
    expect(await cache.get('k')).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['corrupt-entry']);
    await expect(stat(join(dir, entryFileName('k')))).rejects.toThrow(/ENOENT/);
  });

  it("rejects a `compression` other than 'br' or 'gzip' with a TypeError that names it", () => {
    expect(() => new DiskCache({ dir: '/tmp/never-created', compression: 'zip' as never })).toThrow(/`compression`/);
  });
});
