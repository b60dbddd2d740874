import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { cacheDir, entryBytes, entryFiles } from '../helpers/dirs.js';
import { readEntryFile, writeEntryFile } from '../helpers/envelope.js';

/** A string value whose JSON is exactly `bytes` long (two quotes plus the text), and compresses well. */
const jsonOfLength = (bytes: number) => 'ab'.repeat(bytes).slice(0, bytes - 2);
const chatLike = { id: 'gen-1', choices: [{ message: { role: 'assistant', content: 'Caching repeated prompts saves money. '.repeat(400) } }] };

describe('a value is stored compressed when its JSON is longer than compressAboveBytes bytes [ex2.compression.threshold]', () => {
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

  it('measures the JSON in UTF-8 bytes, not in characters', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir, compressAboveBytes: 500 });
    // 300 characters, 600 bytes of UTF-8 (two per 'é'), 602 with the quotes: above the threshold.
    await cache.set('k', '\u00e9'.repeat(300));
    expect((await readEntryFile(dir, 'k')).header.encoding, 'JSON of 302 characters but 602 bytes is above 500 bytes').not.toBe('identity');
    expect(await cache.get('k')).toBe('\u00e9'.repeat(300));
  });
  it('uses 4096 bytes as the default threshold', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    await cache.set('at', jsonOfLength(4096));
    await cache.set('above', jsonOfLength(4097));
    expect((await readEntryFile(dir, 'at')).header.encoding).toBe('identity');
    expect((await readEntryFile(dir, 'above')).header.encoding).not.toBe('identity');
  });

  it('never compresses with compressAboveBytes: Infinity, and compresses everything that shrinks with 0', async () => {
    const dir = await cacheDir();
    await new DiskCache<unknown>({ dir, compressAboveBytes: Infinity }).set('never', chatLike);
    await new DiskCache<unknown>({ dir, compressAboveBytes: 0 }).set('always', { text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    expect((await readEntryFile(dir, 'never')).header.encoding).toBe('identity');
    expect((await readEntryFile(dir, 'always')).header.encoding).not.toBe('identity');
  });
});

describe("compression: 'br' writes brotli, 'gzip' writes gzip, and the header's encoding says which [ex2.compression.codecs]", () => {
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
});

describe('the compressed form is kept only when it is smaller than the JSON [ex2.compression.smaller-only]', () => {
  it.each(['br', 'gzip'] as const)("keeps a value that %s would make larger as it is", async (codec) => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir, compressAboveBytes: 0, compression: codec });
    await cache.set('k', { a: 1 });
    expect((await readEntryFile(dir, 'k')).header.encoding, 'seven bytes of JSON only grow when compressed: store them plain').toBe('identity');
    expect(await cache.get('k')).toEqual({ a: 1 });
  });
});

describe('the reader decodes by the header, never by its own options [ex2.compression.by-header]', () => {
  it('reads entries by the encoding their header records, whatever the reader is configured to write', async () => {
    const dir = await cacheDir();
    await new DiskCache<unknown>({ dir, compressAboveBytes: 100, compression: 'gzip' }).set('gz', chatLike);
    await new DiskCache<unknown>({ dir, compressAboveBytes: 100, compression: 'br' }).set('br', chatLike);
    const reader = await DiskCache.open<unknown>({ dir, compressAboveBytes: Infinity });
    expect(await reader.get('gz')).toEqual(chatLike);
    expect(await reader.get('br')).toEqual(chatLike);
  });
});

describe('a compressed payload that does not decompress is a damaged entry [ex2.compression.corrupt]', () => {
  it('reads a compressed payload that does not decompress as a corrupt entry: a miss and a corrupt-entry warning', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir });
    const warnings: Array<{ code?: string }> = [];
    cache.on('warning', (w) => warnings.push(w));
    await writeEntryFile(dir, 'k', 'this is not brotli at all', { encoding: 'br' });
    expect(await cache.get('k')).toBeUndefined();
    expect(warnings.map((w) => w.code), "a payload that does not decompress is a damaged entry: one 'corrupt-entry' warning").toEqual(['corrupt-entry']);
  });

  it("says in the warning's message that the payload does not decode", async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir });
    const warnings: Array<{ message?: string }> = [];
    cache.on('warning', (w) => warnings.push(w));
    await writeEntryFile(dir, 'k', 'this is not gzip either', { encoding: 'gzip' });
    await cache.get('k');
    expect(warnings[0]?.message, "the message names the check that failed: the payload does not 'decode'").toMatch(/decode/);
  });
});

describe('maxBytes counts a compressed entry by its compressed size [ex2.compression.counted-size]', () => {
  it('counts compressed entries by the size of their files: five that fit compressed all stay', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir, maxBytes: 3_000, compressAboveBytes: 100 });
    // 20 KB of JSON each, a few hundred bytes once compressed: all of them fit.
    for (let i = 0; i < 5; i++) await cache.set(`k${i}`, { i, text: 'lorem ipsum '.repeat(1_700) });
    expect(await entryFiles(dir)).toHaveLength(5);
    expect(cache.bytes).toBe(await entryBytes(dir));
  });
});
