import { copyFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { cacheDir, entryFiles } from '../helpers/dirs.js';
import { readEntryFile, writeEntryFile } from '../helpers/envelope.js';

describe('an entry file is a JSON header line with v, key, expiresAt, encoding, length, crc32, then the payload [ex2.safe-names.header]', () => {
  it('starts with a JSON header line that carries version 1 and the original key', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir, now: () => 1_000 });
    await cache.set('user:42/profile', { name: 'Ada' }, 500);
    const { header, payload } = await readEntryFile(dir, 'user:42/profile');
    expect(header).toMatchObject({ v: 1, key: 'user:42/profile', expiresAt: 1_500, encoding: 'identity', length: payload.length });
    expect(typeof header.crc32, 'the header carries a crc32 of the payload').toBe('number');
    expect(JSON.parse(payload.toString('utf8')), 'the payload is the value as JSON').toEqual({ name: 'Ada' });
  });

  it('writes expiresAt: null for an entry that never expires', async () => {
    const dir = await cacheDir();
    await new DiskCache<number>({ dir }).set('k', 1);
    expect((await readEntryFile(dir, 'k')).header.expiresAt).toBeNull();
  });

  it('reads an entry the test wrote by hand, following the format', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir });
    await writeEntryFile(dir, 'hand', '{"made":"by hand"}');
    expect(await cache.get('hand')).toEqual({ made: 'by hand' });
  });
});

describe('an entry of another format version is a miss with an unsupported-version warning, and its file stays [ex2.safe-names.version]', () => {
  it('reads an entry of an unknown format version as a miss, warns, and leaves the file for the code that wrote it', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir });
    const warnings: Array<{ code?: string }> = [];
    cache.on('warning', (w) => warnings.push(w));
    await writeEntryFile(dir, 'k', '"from the future"', { v: 2 });
    expect(await cache.get('k')).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['unsupported-version']);
    expect(await entryFiles(dir), 'a newer writer may share the directory: its file stays').toEqual([entryFileName('k')]);
  });

  it('names in the warning the version it found', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir });
    const warnings: Array<{ message?: string }> = [];
    cache.on('warning', (w) => warnings.push(w));
    await writeEntryFile(dir, 'k', '"from the future"', { v: 7 });
    await cache.get('k');
    expect(warnings[0]?.message, "the 'unsupported-version' warning's message names the version in the file, 7").toMatch(/\b7\b/);
  });
});

describe('a file whose header holds another key is a miss with a key-mismatch warning [ex2.safe-names.key-check]', () => {
  it('detects a file that holds another key: a miss with a key-mismatch warning', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    const warnings: Array<{ code?: string }> = [];
    cache.on('warning', (w) => warnings.push(w));
    await cache.set('a', 'value of a');
    await copyFile(join(dir, entryFileName('a')), join(dir, entryFileName('b')));
    expect(await cache.get('b'), "the file named for 'b' holds key 'a': not b's value").toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['key-mismatch']);
    expect(await entryFiles(dir), 'the file is not damaged, only not b\u2019s: it stays').toContain(entryFileName('b'));
    expect(await cache.get('a')).toBe('value of a');
  });

  it('names in the warning the key the file holds', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    const warnings: Array<{ message?: string }> = [];
    cache.on('warning', (w) => warnings.push(w));
    await cache.set('the-owner', 'its value');
    await copyFile(join(dir, entryFileName('the-owner')), join(dir, entryFileName('b')));
    await cache.get('b');
    expect(warnings[0]?.message, "the 'key-mismatch' warning's message names the key found in the file").toContain('the-owner');
  });

  it('tells apart two keys that share a file name (UTF-8 turns a lone surrogate into U+FFFD)', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    await cache.set('\uD800', 'lone surrogate');
    expect(await cache.get('\uFFFD'), 'a different key must never get this value').toBeUndefined();
    expect(await cache.get('\uD800')).toBe('lone surrogate');
  });
});

describe('the directory has mode 0700 and every entry file mode 0600 [ex2.safe-names.modes]', () => {
  it('creates the directory with mode 0700 and entry files with mode 0600', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    await cache.set('k', 'secret');
    await cache.close();
    expect(((await stat(dir)).mode & 0o777).toString(8), 'directory mode').toBe('700');
    for (const name of await entryFiles(dir)) expect(((await stat(join(dir, name))).mode & 0o777).toString(8), `mode of ${name}`).toBe('600');
    expect(await readFile(join(dir, entryFileName('k')), 'utf8')).toContain('secret');
  });
});
