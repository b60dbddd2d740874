import { writeFile } from 'node:fs/promises';
import Keyv from 'keyv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiskCache, KeyvDiskStore } from '@impl';
import { PROCESS_TEST_TIMEOUT_MS } from '@workbook/testkit';
import { cacheDir, entryFiles } from '../helpers/dirs.js';
import { startChild } from '../helpers/processes.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('KeyvDiskStore behind Keyv', () => {
  it('stores and returns values through new Keyv({ store })', async () => {
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir: await cacheDir() }) });
    const value = { id: 'gen-1', choices: [{ message: { content: 'hi' } }] };
    expect(await keyv.set('answer', value)).toBe(true);
    expect(await keyv.get('answer')).toEqual(value);
    expect(await keyv.get('missing')).toBeUndefined();
  });

  it('keeps the string Keyv serialized, under the namespaced key, in the disk cache', async () => {
    const store = new KeyvDiskStore({ dir: await cacheDir() });
    const keyv = new Keyv({ store });
    await keyv.set('k', { n: 1 });
    const raw = await store.cache.get('keyv:k');
    expect(typeof raw, 'the adapter stores what Keyv hands it: a string').toBe('string');
    expect(JSON.parse(raw as string)).toMatchObject({ value: { n: 1 } });
  });

  it('wraps an existing DiskCache as well', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    const keyv = new Keyv({ store: new KeyvDiskStore(cache) });
    await keyv.set('k', 'v');
    expect(await keyv.get('k')).toBe('v');
    expect(await cache.has('keyv:k')).toBe(true);
  });

  it('expires entries set with a ttl: present at ttl - 1, gone (file removed) after it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const store = new KeyvDiskStore({ dir: await cacheDir() });
    const keyv = new Keyv({ store });
    await keyv.set('k', 'v', 1_000);
    vi.setSystemTime(1_000_999);
    expect(await keyv.get('k'), 'set at t with ttl 1000: present at t + 999').toBe('v');
    vi.setSystemTime(1_001_001);
    expect(await keyv.get('k'), 'gone after t + 1000').toBeUndefined();
    expect(await store.cache.get('keyv:k'), 'the store expired it too: the ttl reached the disk cache').toBeUndefined();
    expect(await entryFiles(store.cache.dir)).toEqual([]);
  });

  it('keeps entries set without a ttl', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir: await cacheDir() }) });
    await keyv.set('k', 'v');
    vi.setSystemTime(1_000_000 + 365 * 24 * 3600 * 1000);
    expect(await keyv.get('k')).toBe('v');
  });

  it('deletes a key: delete() resolves to true, then the key is a miss', async () => {
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir: await cacheDir() }) });
    await keyv.set('k', 'v');
    expect(await keyv.delete('k')).toBe(true);
    expect(await keyv.get('k')).toBeUndefined();
    expect(await keyv.has('k')).toBe(false);
  });

  it('answers has()', async () => {
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir: await cacheDir() }) });
    await keyv.set('k', 'v');
    expect([await keyv.has('k'), await keyv.has('nope')]).toEqual([true, false]);
  });

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
