import { describe, expect, it } from 'vitest';
import { TieredCache, type InvalidateEvent, type InvalidationMessage, type Invalidator } from '@impl';
import { deferred, settle } from '../helpers/deferred.js';
import { fakeKeyv } from '../helpers/stores.js';

/**
 * The version and the channel of one Redis, in memory: every cache built with `invalidator()` shares them, like
 * processes on one Redis (a bump reaches the others' listeners, never the caller's own).
 */
function sharedBus() {
  let version = 0;
  const listeners = new Map<object, (message: InvalidationMessage) => void>();
  const invalidator = (): Invalidator => {
    const self = {};
    return {
      tag: async () => {},
      invalidateTag: async () => [],
      invalidatePrefix: async () => 0,
      version: async () => version,
      bumpVersion: async () => {
        version++;
        for (const [owner, listener] of listeners) if (owner !== self) listener({ scope: 'version', target: String(version), keys: [] });
        return version;
      },
      subscribe: (listener) => void listeners.set(self, listener),
      close: async () => void listeners.delete(self),
    };
  };
  return { invalidator, version: () => version };
}

describe('bumpVersion makes every entry written before unreachable at once [ex4.group-invalidation.version]', () => {
  it('nothing written before the bump is served, from L1 or from L2', async () => {
    const { keyv } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv });
    await cache.setMany([['a', 'A'], ['b', 'B']]);
    await cache.bumpVersion();
    expect(await cache.getMany(['a', 'b']), 'after a bump, neither tier answers with a value of the old version').toEqual([undefined, undefined]);
    await cache.set('a', 'A2');
    expect(await cache.get('a'), 'the new version is used as usual').toBe('A2');
  });

  it('the old values are left in L2 to expire, not deleted one by one', async () => {
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv });
    await cache.setMany([['a', 'A'], ['b', 'B']]);
    const deletes = store.calls.delete + store.calls.deleteMany + store.calls.clear;
    await cache.bumpVersion();
    expect(store.calls.delete + store.calls.deleteMany + store.calls.clear, 'a bump is O(1): it deletes nothing').toBe(deletes);
    expect(store.data.size, 'the old entries stay in L2 until their ttl').toBe(2);
  });

  it('resolves to the new version: 1, 2, … in a fresh namespace', async () => {
    const bus = sharedBus();
    const cache = new TieredCache<string>({ l2: fakeKeyv<string>().keyv, invalidator: bus.invalidator() });
    expect(await cache.bumpVersion()).toBe(1);
    expect(await cache.bumpVersion()).toBe(2);
    expect(bus.version(), 'the shared version was incremented').toBe(2);
  });

  it('another cache on the same namespace switches too: it drops its L1 and reads the new version', async () => {
    const bus = sharedBus();
    const { keyv } = fakeKeyv<string>();
    const a = new TieredCache<string>({ l2: keyv, invalidator: bus.invalidator() });
    const b = new TieredCache<string>({ l2: keyv, invalidator: bus.invalidator() });
    await a.set('k', 'old');
    expect(await b.get('k'), 'b copies k into its L1').toBe('old');
    await a.bumpVersion();
    expect(await b.get('k'), "b must neither keep its L1 copy nor read the old version's key").toBeUndefined();
    await b.set('k', 'new');
    expect(await a.get('k'), 'both use the new version').toBe('new');
  });

  it('a cache that starts after a bump reads the current version before its first L2 operation', async () => {
    const bus = sharedBus();
    const { keyv } = fakeKeyv<string>();
    const a = new TieredCache<string>({ l2: keyv, invalidator: bus.invalidator() });
    await a.set('k', 'old');
    await a.bumpVersion();
    await a.set('k', 'new');
    const late = new TieredCache<string>({ l2: keyv, invalidator: bus.invalidator() });
    expect(await late.get('k'), 'the version lives in L2, not in each process').toBe('new');
  });
});

describe('nothing started under the old version lands under the new one [ex4.group-invalidation.version-stale-write]', () => {
  it('a compute in flight during the bump returns its result but stores it in neither tier', async () => {
    const { keyv } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv });
    const gate = deferred<string>();
    const computing = cache.getOrCompute('k', () => gate.promise);
    await settle();
    await cache.bumpVersion();
    gate.resolve('stale');
    expect(await computing).toBe('stale');
    expect(await cache.get('k'), 'neither in L1 nor under the new version in L2').toBeUndefined();
  });

  it('a set whose L2 write is still waiting when the bump comes does not land under the new version', async () => {
    const bus = sharedBus();
    const { keyv, store } = fakeKeyv<string>();
    const a = new TieredCache<string>({ l2: keyv, invalidator: bus.invalidator() });
    await a.get('warm-up');
    const held = deferred<void>();
    store.holdSets = held.promise;
    const first = a.set('k', 'one');
    await settle();
    const second = a.set('k', 'old');
    await a.bumpVersion();
    store.holdSets = undefined;
    held.resolve();
    await Promise.all([first, second]);
    const b = new TieredCache<string>({ l2: keyv, invalidator: bus.invalidator() });
    expect(await b.get('k'), "a write issued before the bump, sent after it, must not fill the new version's key").toBeUndefined();
  });

  it('a batch compute in flight during the bump stores nothing', async () => {
    const { keyv } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv });
    const gate = deferred<string[]>();
    const computing = cache.getOrComputeMany(['x', 'y'], () => gate.promise);
    await settle();
    await cache.bumpVersion();
    gate.resolve(['X', 'Y']);
    expect(await computing).toEqual(['X', 'Y']);
    expect(await cache.getMany(['x', 'y'])).toEqual([undefined, undefined]);
  });
});

describe("one 'invalidate' event per call, with what it removed [ex4.group-invalidation.events]", () => {
  it("bumpVersion reports { scope: 'version', target: the new version, count: the entries L1 dropped }", async () => {
    const cache = new TieredCache<string>({ l2: fakeKeyv<string>().keyv });
    const events: InvalidateEvent[] = [];
    cache.on('invalidate', (event) => void events.push(event));
    await cache.setMany([['a', 'A'], ['b', 'B']]);
    await cache.bumpVersion();
    await cache.bumpVersion();
    expect(events).toEqual([
      { scope: 'version', target: '1', count: 2 },
      { scope: 'version', target: '2', count: 0 },
    ]);
  });
});
