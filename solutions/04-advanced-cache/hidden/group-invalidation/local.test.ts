import { describe, expect, it } from 'vitest';
import { TieredCache, type InvalidateEvent, type Invalidator } from '@impl';
import { manualClock } from '@workbook/testkit';
import { deferred, settle } from '../helpers/deferred.js';
import { fakeKeyv, memoryKeyv } from '../helpers/stores.js';

/** A tiered cache without an invalidator: tags and prefixes reach this process's L1 (L2 is left alone). */
function setup(maxEntries = 100) {
  const clock = manualClock(1_000_000);
  const cache = new TieredCache<string>({ l1: { maxEntries }, now: clock.now });
  const events: InvalidateEvent[] = [];
  cache.on('invalidate', (event) => void events.push(event));
  return { cache, clock, events };
}

describe('set with tags, invalidateTag removes every entry with the tag [ex4.group-invalidation.tags]', () => {
  it('removes the tagged entries and only those', async () => {
    const { cache } = setup();
    await cache.set('a', 'A', { tags: ['user:1'] });
    await cache.set('b', 'B', { tags: ['user:1', 'model:x'] });
    await cache.set('c', 'C', { tags: ['user:2'] });
    expect(await cache.invalidateTag('user:1'), 'two entries carried user:1').toBe(2);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([undefined, undefined, 'C']);
    expect(await cache.invalidateTag('model:x'), 'b is gone already: nothing left under model:x').toBe(0);
  });

  it('a later set replaces the tags of a key', async () => {
    const { cache } = setup();
    await cache.set('a', 'A', { tags: ['old'] });
    await cache.set('a', 'A2', { tags: ['new'] });
    expect(await cache.invalidateTag('old'), 'a no longer carries `old`').toBe(0);
    expect(await cache.get('a')).toBe('A2');
    await cache.set('a', 'A3', 60_000);
    expect(await cache.invalidateTag('new'), 'a set without tags clears them').toBe(0);
  });

  it('the options form keeps the ttl', async () => {
    const { cache, clock } = setup();
    await cache.set('a', 'A', { ttlMs: 100, tags: ['t'] });
    clock.advance(100);
    expect(await cache.get('a')).toBeUndefined();
  });

  it('tags must be an array of non-empty strings', async () => {
    const { cache } = setup();
    await expect(cache.set('a', 'A', { tags: 'user:1' as unknown as string[] }), 'a string is not a list of tags').rejects.toThrow(/`tags`/);
    await expect(cache.set('a', 'A', { tags: [''] })).rejects.toThrow(TypeError);
    await expect(cache.invalidateTag(''), 'an empty tag → TypeError').rejects.toThrow(TypeError);
  });
});

describe('the L1 tag index forgets entries L1 dropped [ex4.group-invalidation.tag-index]', () => {
  it('an evicted entry no longer counts under its tag', async () => {
    const { cache } = setup(2);
    await cache.set('a', 'A', { tags: ['t'] });
    await cache.set('b', 'B', { tags: ['t'] });
    await cache.set('c', 'C');
    expect(await cache.invalidateTag('t'), 'a was evicted by c: only b is left under t').toBe(1);
  });

  it('an expired or deleted entry no longer counts under its tag', async () => {
    const { cache, clock } = setup();
    await cache.set('a', 'A', { ttlMs: 100, tags: ['t'] });
    await cache.set('b', 'B', { tags: ['t'] });
    await cache.set('c', 'C', { tags: ['t'] });
    await cache.delete('b');
    clock.advance(100);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.invalidateTag('t')).toBe(1);
  });
});

describe('a compute whose tag is invalidated does not write back [ex4.group-invalidation.tag-compute]', () => {
  it('returns its result to its callers but stores it in neither tier', async () => {
    const l2 = memoryKeyv<string>();
    const cache = new TieredCache<string>({ l2 });
    const gate = deferred<string>();
    const computing = cache.getOrCompute('a', () => gate.promise, { tags: ['user:1'] });
    await settle();
    await cache.invalidateTag('user:1');
    gate.resolve('stale');
    expect(await computing).toBe('stale');
    expect(await l2.get('a'), 'not written to L2').toBeUndefined();
    expect(await cache.get('a'), 'not written to L1').toBeUndefined();
  });

  it('a computed value carries its tags', async () => {
    const { cache } = setup();
    await cache.getOrCompute('a', async () => 'A', { tags: ['user:1'] });
    expect(await cache.invalidateTag('user:1')).toBe(1);
    expect(await cache.get('a')).toBeUndefined();
  });
});

describe('invalidatePrefix removes every key under the prefix [ex4.group-invalidation.prefix]', () => {
  it('removes the keys that start with the prefix, and only those', async () => {
    const { cache } = setup();
    await cache.setMany([['user:1:a', 'A'], ['user:1:b', 'B'], ['user:10', 'X'], ['user:2:a', 'C']]);
    expect(await cache.invalidatePrefix('user:1:')).toBe(2);
    expect(await cache.getMany(['user:1:a', 'user:1:b', 'user:10', 'user:2:a'])).toEqual([undefined, undefined, 'X', 'C']);
  });

  it('a compute in flight under the prefix does not write back', async () => {
    const { cache } = setup();
    const gate = deferred<string>();
    const computing = cache.getOrCompute('user:1:a', () => gate.promise);
    await settle();
    await cache.invalidatePrefix('user:1:');
    gate.resolve('stale');
    await computing;
    expect(await cache.get('user:1:a')).toBeUndefined();
  });

  it('an empty or non-string prefix → TypeError naming `prefix` (clear() removes everything)', async () => {
    const { cache } = setup();
    await expect(cache.invalidatePrefix('')).rejects.toThrow(/`prefix`/);
    await expect(cache.invalidatePrefix(7 as unknown as string)).rejects.toThrow(TypeError);
  });
});

describe("one 'invalidate' event per call, with what it removed [ex4.group-invalidation.events]", () => {
  it('delete, invalidateTag and invalidatePrefix each report their scope, target and count', async () => {
    const { cache, events } = setup();
    await cache.set('a', 'A', { tags: ['t'] });
    await cache.set('b', 'B', { tags: ['t'] });
    await cache.set('p:1', 'P');
    await cache.delete('nothing');
    await cache.delete('p:1');
    await cache.set('p:2', 'P');
    await cache.invalidateTag('t');
    await cache.invalidatePrefix('p:');
    expect(events).toEqual([
      { scope: 'key', target: 'nothing', count: 0 },
      { scope: 'key', target: 'p:1', count: 1 },
      { scope: 'tag', target: 't', count: 2 },
      { scope: 'prefix', target: 'p:', count: 1 },
    ]);
  });
});

describe('a group invalidation is not lost to an outage [ex4.group-invalidation.outage]', () => {
  it('the keys this process knew under the tag are deleted from L2 once it answers again', async () => {
    const clock = manualClock(Date.now());
    const { keyv, store } = fakeKeyv<string>();
    let failing = false;
    const invalidator: Invalidator = {
      tag: async () => {},
      invalidateTag: async () => {
        if (failing) throw new Error('L2 is down');
        return [];
      },
      invalidatePrefix: async () => 0,
      version: async () => 0,
      bumpVersion: async () => 1,
      subscribe: () => {},
      close: async () => {},
    };
    const cache = new TieredCache<string>({ l2: keyv, invalidator, now: clock.now, l2RetryMs: 1000 });
    await cache.set('a', 'A', { tags: ['t'] });
    failing = true;
    store.mode = 'fail';
    expect(await cache.invalidateTag('t'), 'fails open: the count L1 knows').toBe(1);
    store.mode = 'up';
    failing = false;
    clock.advance(1000);
    expect(await cache.get('a'), 'before L2 serves reads again, the tagged key it may still hold is deleted').toBeUndefined();
  });
});
