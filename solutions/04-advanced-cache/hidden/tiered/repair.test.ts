import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { manualClock } from '@workbook/testkit';
import { fakeKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

const L2_RETRY_MS = 1000;

function setup(options: { throwOnL2Errors?: boolean; l2TimeoutMs?: number } = {}) {
  const clock = manualClock(1_000_000);
  const { keyv, store } = fakeKeyv<string>();
  const cache = new TieredCache<string>({ l2: keyv, now: clock.now, l2TimeoutMs: 100, l2RetryMs: L2_RETRY_MS, ...options });
  return { clock, keyv, store, cache };
}

/** An outage that the cache notices on a read of an unrelated key, then L2 mended and the rest over. */
async function outageAndRecovery(store: { mode: string }, cache: TieredCache<string>, clock: { advance(ms: number): void }, during?: () => Promise<unknown>): Promise<void> {
  store.mode = 'fail';
  await cache.get('unrelated');
  await during?.();
  store.mode = 'up';
  clock.advance(L2_RETRY_MS);
  await cache.get('unrelated');
}

describe('the repair after an outage deletes only what the outage left unsettled [ex4.tiered.outage-invalidation]', () => {
  it('a write that landed before the outage is still in L2 after the repair', async () => {
    const { clock, store, keyv, cache } = setup();
    await cache.set('landed', 'v');
    await outageAndRecovery(store, cache, clock, () => cache.delete('missed'));
    expect(await keyv.get('landed'), '"landed" reached L2 before the outage: the repair must not delete it (only keys whose write failed are unsettled)').toBe('v');
  });

  it('a clear that landed is not replayed by a later outage\'s repair', async () => {
    const { clock, store, keyv, cache } = setup();
    await cache.clear();
    await cache.set('after-clear', 'v');
    await outageAndRecovery(store, cache, clock);
    expect(await keyv.get('after-clear'), 'the clear landed before the outage: replaying it would wipe what was written since').toBe('v');
  });

  it('a missed clear is replayed once, not again at the next outage', async () => {
    const { clock, store, keyv, cache } = setup();
    await outageAndRecovery(store, cache, clock, () => cache.clear());
    await cache.set('after-repair', 'v');
    await outageAndRecovery(store, cache, clock);
    expect(await keyv.get('after-repair'), 'the missed clear was replayed at the first recovery; the second must not clear again').toBe('v');
  });

  it('an outage with only unsettled keys does not clear the rest of L2', async () => {
    const { clock, store, keyv, cache } = setup();
    await keyv.set('other', 'from another process');
    await outageAndRecovery(store, cache, clock, () => cache.set('k', 'v2'));
    expect(await keyv.get('other'), 'no clear was missed, so the repair deletes the unsettled key only').toBe('from another process');
  });

  it('the first read after a successful repair is served from L2', async () => {
    const { clock, store, keyv, cache } = setup();
    await keyv.set('there', 'in L2');
    store.mode = 'fail';
    await cache.get('unrelated');
    await cache.delete('missed');
    store.mode = 'up';
    clock.advance(L2_RETRY_MS);
    expect(await cache.get('there'), 'once the missed delete has landed, the same call reads L2').toBe('in L2');
  });

  it('a missed clear whose first replay fails is replayed at the next try', async () => {
    const { clock, store, keyv, cache } = setup();
    await keyv.set('a', 'old');
    store.mode = 'fail';
    await cache.get('unrelated');
    await cache.clear();
    clock.advance(L2_RETRY_MS);
    await cache.get('unrelated');
    store.mode = 'up';
    clock.advance(L2_RETRY_MS);
    await cache.get('unrelated');
    expect(await keyv.get('a'), 'the replay of the missed clear failed once; it must be tried again, not forgotten').toBeUndefined();
  });

  it('with throwOnL2Errors, a failed repair reaches the caller', async () => {
    const { store, cache } = setup({ throwOnL2Errors: true });
    store.mode = 'fail';
    await expect(cache.set('k', 'v')).rejects.toThrow('L2 is down');
    await expect(cache.get('other'), 'before reading "other", the repair of "k" fails too: with throwOnL2Errors its error reaches the caller').rejects.toThrow('L2 is down');
  });
});

describe('a replay that times out names what it replayed [ex4.tiered.timeout]', () => {
  it.each([
    ['clear', (cache: TieredCache<string>) => cache.clear()],
    ['delete', (cache: TieredCache<string>) => cache.set('k', 'v')],
  ])('with throwOnL2Errors, a hung replay of a missed %s rejects with a timeout naming it', async (operation, miss) => {
    vi.useFakeTimers();
    const { store, cache } = setup({ throwOnL2Errors: true });
    store.mode = 'fail';
    await expect(miss(cache)).rejects.toThrow();
    store.mode = 'hang';
    const read = cache.get('other');
    read.catch(() => {});
    await vi.advanceTimersByTimeAsync(100);
    await expect(read).rejects.toThrow(new RegExp(`${operation}.*timed out|timed out.*${operation}`));
  });
});

describe('L2 writes to one key land in the order they were issued [ex4.tiered.write-order]', () => {
  it('of three writes to a key, the last one issued wins even when the first lands last', async () => {
    const { store, keyv, cache } = setup({ l2TimeoutMs: 60_000 });
    let release!: () => void;
    store.holdSets = new Promise<void>((resolve) => (release = resolve));
    const first = cache.set('k', 'one');
    const second = cache.set('k', 'two');
    store.holdSets = undefined;
    const third = cache.delete('k');
    release();
    await Promise.all([first, second, third]);
    await cache.set('other', 'x');
    expect(await keyv.get('k'), 'set, set, delete: "k" must end up deleted in L2').toBeUndefined();
  });

  it('a clear waits for a write still queued behind another write to the same key', async () => {
    // Held writes wait on real time here; a long l2TimeoutMs keeps a busy machine from timing them out.
    const { store, keyv, cache } = setup({ l2TimeoutMs: 60_000 });
    let releaseFirst!: () => void;
    let releaseSecond!: () => void;
    store.holdSets = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = cache.set('k', 'one');
    const second = cache.set('k', 'two');
    await new Promise((resolve) => setTimeout(resolve, 0));
    store.holdSets = new Promise<void>((resolve) => (releaseSecond = resolve));
    releaseFirst();
    await first;
    const cleared = cache.clear();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.calls.clear, 'set "two" is still on its way to L2: clear() must wait for it before clearing').toBe(0);
    releaseSecond();
    await Promise.all([second, cleared]);
    expect(await keyv.get('k'), 'set "two" was issued before clear(): it must land before the clear, not after it').toBeUndefined();
  });
});
