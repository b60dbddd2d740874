import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Keyv from 'keyv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiskCache, entryFileName, KeyvDiskStore } from '@impl';
import { PROCESS_TEST_TIMEOUT_MS } from '@workbook/testkit';
import { cacheDir, entryFiles } from '../helpers/dirs.js';
import { startChild } from '../helpers/processes.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('new KeyvDiskStore() takes DiskCache options or a DiskCache, and works behind new Keyv({ store }) [ex2.keyv-store.construct]', () => {
  it('stores and returns values through new Keyv({ store })', async () => {
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir: await cacheDir() }) });
    const value = { id: 'gen-1', choices: [{ message: { content: 'hi' } }] };
    expect(await keyv.set('answer', value)).toBe(true);
    expect(await keyv.get('answer')).toEqual(value);
    expect(await keyv.get('missing')).toBeUndefined();
  });

  it('wraps an existing DiskCache as well', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    const keyv = new Keyv({ store: new KeyvDiskStore(cache) });
    await keyv.set('k', 'v');
    expect(await keyv.get('k')).toBe('v');
    expect(await cache.has('keyv:k')).toBe(true);
  });
});

describe('the store keeps the string Keyv hands it, as it is, under the namespaced key [ex2.keyv-store.raw-string]', () => {
  it('keeps the string Keyv serialized, under the namespaced key, in the disk cache', async () => {
    const store = new KeyvDiskStore({ dir: await cacheDir() });
    const keyv = new Keyv({ store });
    await keyv.set('k', { n: 1 });
    const raw = await store.cache.get('keyv:k');
    expect(typeof raw, 'the adapter stores what Keyv hands it: a string').toBe('string');
    expect(JSON.parse(raw as string)).toMatchObject({ value: { n: 1 } });
  });
});

describe('a positive ttl becomes the entry\u2019s ttlMs; undefined or 0 means no expiry [ex2.keyv-store.ttl]', () => {
  it('expires entries set with a ttl: present at ttl - 1, gone from the disk cache after it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const store = new KeyvDiskStore({ dir: await cacheDir() });
    const keyv = new Keyv({ store });
    await keyv.set('k', 'v', 1_000);
    vi.setSystemTime(1_000_999);
    expect(await keyv.get('k'), 'set at t with ttl 1000: present at t + 999').toBe('v');
    vi.setSystemTime(1_001_001);
    // Asked before Keyv reads it (Keyv would delete an expired entry itself): the ttl must have reached the cache.
    expect(await store.cache.get('keyv:k'), 'the disk cache expired it too: pass the ttl on as ttlMs').toBeUndefined();
    expect(await keyv.get('k'), 'gone after t + 1000').toBeUndefined();
  });

  it('keeps entries set without a ttl', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir: await cacheDir() }) });
    await keyv.set('k', 'v');
    vi.setSystemTime(1_000_000 + 365 * 24 * 3600 * 1000);
    expect(await keyv.get('k')).toBe('v');
  });

  it('treats a ttl of 0 as no expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const store = new KeyvDiskStore({ dir: await cacheDir() });
    expect(await store.set('k', 'v', 0), 'set(key, value, 0) stores the value').toBe(true);
    vi.setSystemTime(1_000_000 + 365 * 24 * 3600 * 1000);
    expect(await store.get('k'), 'ttl 0 means the entry never expires').toBe('v');
  });
});

describe('delete() says whether an entry was removed, has() whether a live one exists [ex2.keyv-store.delete-has]', () => {
  it('deletes a key: delete() resolves to true, then the key is a miss', async () => {
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir: await cacheDir() }) });
    await keyv.set('k', 'v');
    expect(await keyv.delete('k')).toBe(true);
    expect(await keyv.get('k')).toBeUndefined();
    expect(await keyv.has('k')).toBe(false);
    expect(await keyv.delete('k'), 'deleting it again: nothing was removed').toBe(false);
  });

  it('answers has()', async () => {
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir: await cacheDir() }) });
    await keyv.set('k', 'v');
    expect([await keyv.has('k'), await keyv.has('nope')]).toEqual([true, false]);
  });
});

describe('clear() removes only the keys of the store\u2019s namespace [ex2.keyv-store.namespace]', () => {
  it('clears only its own namespace', async () => {
    const dir = await cacheDir();
    const users = new Keyv({ store: new KeyvDiskStore({ dir }), namespace: 'users' });
    const posts = new Keyv({ store: new KeyvDiskStore({ dir }), namespace: 'posts' });
    await users.set('1', 'Ada');
    await users.set('2', 'Grace');
    await posts.set('1', 'Hello');
    await users.clear();
    expect([await users.get('1'), await users.get('2')], "users.clear() removed the users' keys").toEqual([undefined, undefined]);
    expect(await posts.get('1'), "and left the posts' keys alone").toBe('Hello');
  });

  it('clears every key when it has no namespace', async () => {
    const dir = await cacheDir();
    const store = new KeyvDiskStore({ dir });
    await store.set('users:1', 'Ada');
    await store.set('plain', 'x');
    await store.clear();
    expect(await entryFiles(dir), 'no namespace: clear() removes everything').toEqual([]);
  });
});

describe('a disk failure reaches keyv.on("error"), and the read is a miss [ex2.keyv-store.errors]', () => {
  it('reports a disk failure as a Keyv error event, and answers as a miss', async () => {
    const dir = await cacheDir();
    // A regular file where the directory should be: the cache cannot open.
    await writeFile(`${dir}`, 'not a directory');
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir }) });
    const errors: unknown[] = [];
    keyv.on('error', (error: unknown) => errors.push(error));
    expect(await keyv.get('k')).toBeUndefined();
    expect(errors.length, 'the failure reached keyv.on("error")').toBeGreaterThan(0);
  });

  it('answers as a miss, without throwing, when nobody listens for errors', async () => {
    const dir = await cacheDir();
    await writeFile(`${dir}`, 'not a directory');
    const store = new KeyvDiskStore({ dir });
    expect(await store.get('k'), 'an unheard error event must not turn into a rejection').toBeUndefined();
    expect(await store.set('k', 'v'), 'set() answers false').toBe(false);
  });

  it("forwards the cache's warnings too", async () => {
    const dir = await cacheDir();
    const store = new KeyvDiskStore({ dir });
    const warnings: Array<{ code?: string }> = [];
    store.on('warning', (w: { code?: string }) => warnings.push(w));
    await store.set('keyv:k', '{"value":1}');
    await writeFile(join(dir, entryFileName('keyv:k')), 'junk');
    expect(await store.get('keyv:k')).toBeUndefined();
    expect(warnings.map((w) => w.code), "the damaged entry's 'corrupt-entry' warning reaches the store's listeners").toEqual(['corrupt-entry']);
  });
});

describe('disconnect() closes the disk cache [ex2.keyv-store.disconnect]', () => {
  it('closes the cache when Keyv disconnects', async () => {
    const store = new KeyvDiskStore({ dir: await cacheDir() });
    const keyv = new Keyv({ store });
    await keyv.set('k', 'v');
    const close = vi.spyOn(store.cache, 'close');
    await keyv.disconnect();
    expect(close, 'keyv.disconnect() → store.disconnect() → cache.close()').toHaveBeenCalledTimes(1);
  });
});

describe('a Keyv in another process on the same directory sees the same entries [ex2.keyv-store.other-process]', () => {
  it('shares entries with Keyv in another process on the same directory', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const dir = await cacheDir();
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir }) });
    await keyv.set('from-parent', { n: 1 });
    const child = await startChild();
    await child.call('keyvOpen', { dir });
    expect(await child.call('keyvGet', 'from-parent'), 'the child reads what the parent wrote').toEqual({ n: 1 });
    await child.call('keyvSet', 'from-child', ['x', 'y']);
    expect(await keyv.get('from-child'), 'the parent reads what the child wrote').toEqual(['x', 'y']);
    await child.call('keyvDelete', 'from-parent');
    expect(await keyv.get('from-parent'), 'a delete in the child is seen by the parent').toBeUndefined();
  });
});
