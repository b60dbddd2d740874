import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { manualClock } from '@workbook/testkit';
import { settle } from '../helpers/deferred.js';
import { fakeKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

const L2_TIMEOUT_MS = 100;
const L2_RETRY_MS = 1000;

/** One cache over a fake L2 the test breaks and mends, on a clock the test moves. */
function setup() {
  const clock = manualClock(1_000_000);
  const { keyv, store } = fakeKeyv<string>();
  const cache = new TieredCache<string>({ l2: keyv, now: clock.now, l2TimeoutMs: L2_TIMEOUT_MS, l2RetryMs: L2_RETRY_MS });
  return { clock, keyv, store, cache };
}

/** Awaits `call` on fake timers, letting one l2TimeoutMs pass first: no L2 call can keep it waiting longer. */
async function withinL2Timeout<T>(call: Promise<T>): Promise<T> {
  call.catch(() => {});
  await vi.advanceTimersByTimeAsync(L2_TIMEOUT_MS);
  return call;
}

/** Starts an outage: L2 fails, and the cache finds out on a read of an unrelated key. */
async function breakL2(store: { mode: string }, cache: TieredCache<string>): Promise<void> {
  store.mode = 'fail';
  await cache.get('unrelated');
  expect(cache.l2Status, 'a failed L2 read starts an outage').toBe('down');
}

describe('an invalidation issued while L2 is down is replayed before L2 serves reads again [ex4.tiered.outage-invalidation]', () => {
  it.each([
    ['fails', false],
    ['is skipped during the l2RetryMs rest', true],
  ])('a delete whose L2 call %s still reaches L2 before the next read is served from it', async (_, outageFirst) => {
    const { clock, store, keyv, cache } = setup();
    await cache.set('k', 'old');
    if (outageFirst) await breakL2(store, cache);
    else store.mode = 'fail';
    expect(await cache.delete('k'), 'delete() answers while L2 is down').toBe(true);
    store.mode = 'up';
    clock.advance(L2_RETRY_MS);
    expect(await cache.get('k'), 'deleted during the outage, "k" must not come back from L2 once it answers again (Task 4: replay the missed delete before reading)').toBeUndefined();
    expect(await keyv.get('k'), 'the missed delete reached L2').toBeUndefined();
  });

  it('a clear during an outage is replayed before L2 serves reads again', async () => {
    const { clock, store, keyv, cache } = setup();
    await keyv.set('a', 'from another process');
    await keyv.set('b', 'from another process');
    await breakL2(store, cache);
    await cache.clear();
    store.mode = 'up';
    clock.advance(L2_RETRY_MS);
    expect(await cache.get('a'), 'cleared during the outage, "a" must not come back from L2').toBeUndefined();
    expect(store.data.size, 'the missed clear reached L2').toBe(0);
  });

  it('a set that missed L2 during an outage leaves no older value there: the key is deleted before L2 serves again', async () => {
    const { clock, store, keyv, cache } = setup();
    await keyv.set('k', 'v1');
    await breakL2(store, cache);
    await cache.set('k', 'v2');
    store.mode = 'up';
    clock.advance(L2_RETRY_MS);
    await cache.get('unrelated');
    expect(await keyv.get('k'), 'L2 still held v1, which this process had replaced: it must be deleted once L2 answers again').toBeUndefined();
    expect(await cache.get('k'), 'this process still answers v2 from L1').toBe('v2');
  });

  it('while the replay fails, L2 serves no reads', async () => {
    const { clock, store, keyv, cache } = setup();
    await cache.set('k', 'old');
    await breakL2(store, cache);
    await cache.delete('k');
    store.mode = 'up';
    // The replay's delete fails, although reads would work: L2 must not be read before the delete has landed.
    const originalDelete = store.delete.bind(store);
    store.delete = async () => Promise.reject(new Error('delete still failing'));
    clock.advance(L2_RETRY_MS);
    expect(await cache.get('k'), 'the missed delete has not landed yet: "k" must not be read from L2').toBeUndefined();
    expect(cache.l2Status, 'an outage ends only once the missed invalidations have landed').toBe('down');
    store.delete = originalDelete;
    clock.advance(L2_RETRY_MS);
    expect(await cache.get('k'), 'once the replay lands, "k" stays deleted').toBeUndefined();
    expect(cache.l2Status).toBe('up');
    expect(await keyv.get('k')).toBeUndefined();
  });
});

describe('a write that timed out cannot resurrect a key deleted after it [ex4.tiered.late-write]', () => {
  it('on a hung L2, a set that timed out and lands late does not bring back a later delete (this process)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { clock, store, cache } = setup();
    store.pause();
    await withinL2Timeout(cache.set('k', 'doomed'));
    await withinL2Timeout(cache.delete('k'));
    store.resume(); // the hung server wakes up and runs what it received: the set first
    await settle();
    clock.advance(L2_RETRY_MS);
    expect(await cache.get('k'), 'set() timed out, then delete(): once L2 answers again, "k" must be gone, not the late write').toBeUndefined();
  });

  it('the delete reaches a hung L2 right behind the timed-out write: another process never reads the deleted value', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, keyv, cache } = setup();
    // Another process on the same L2, whose clock has already passed its own retry time.
    const other = new TieredCache<string>({ l2: keyv, l2TimeoutMs: L2_TIMEOUT_MS });
    store.pause();
    await withinL2Timeout(cache.set('k', 'doomed'));
    await withinL2Timeout(cache.delete('k'));
    store.resume();
    await settle();
    // This cache is still resting (l2RetryMs has not passed); the other reads L2 at once.
    expect(
      await other.get('k'),
      'a delete during the outage must still be sent to L2 (without waiting), so that it lands right after the set that timed out — not only when this cache retries',
    ).toBeUndefined();
    expect(await keyv.get('k'), 'and L2 no longer holds it').toBeUndefined();
  });
});
