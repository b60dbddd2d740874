import { describe, expect, it } from 'vitest';
import { CacheStats, HitRateWindow, InstrumentedClient } from '@impl';
import { request, response, scriptedClient } from '../helpers/clients.js';
import { manualClock } from '../helpers/clock.js';

describe('read(t) covers the bucket of t and the windowMs / bucketMs − 1 before it [ex3.snapshots.window-span]', () => {
  it('gives the hit rate of what was recorded within the window', () => {
    const window = new HitRateWindow({ windowMs: 60_000, bucketMs: 10_000 });
    window.record(true, 1_000);
    window.record(true, 15_000);
    window.record(false, 25_000);
    window.record(true, 59_999);
    expect(window.read(59_999)).toMatchObject({ windowMs: 60_000, bucketMs: 10_000, hits: 3, misses: 1, hitRate: 0.75 });
  });

  it('drops a bucket exactly when it leaves the window: kept at the last moment, gone one ms later', () => {
    const window = new HitRateWindow({ windowMs: 60_000, bucketMs: 10_000 });
    window.record(false, 0); // bucket [0, 10 000)
    window.record(true, 10_000); // bucket [10 000, 20 000)
    expect(window.read(59_999), 'at 59 999 the window holds the buckets from 0 on').toMatchObject({ hits: 1, misses: 1 });
    expect(window.read(60_000), 'at 60 000 the bucket [0, 10 000) has left').toMatchObject({ hits: 1, misses: 0 });
    expect(window.read(69_999), 'at 69 999 the bucket [10 000, 20 000) is still in').toMatchObject({ hits: 1, misses: 0 });
    expect(window.read(70_000), 'at 70 000 it has left too').toMatchObject({ hits: 0, misses: 0, hitRate: 0 });
  });

  it('counts a sample from the bucket of its own time, not from the next one', () => {
    const window = new HitRateWindow({ windowMs: 20_000, bucketMs: 10_000 });
    window.record(true, 9_999);
    window.record(false, 10_000);
    expect(window.read(10_000).timeline, '9 999 is in bucket [0, 10 000), 10 000 in [10 000, 20 000)').toEqual([
      { startMs: 0, hits: 1, misses: 0, hitRate: 1 },
      { startMs: 10_000, hits: 0, misses: 1, hitRate: 0 },
    ]);
  });

  it('keeps a bucket that a later lap of the ring has not reached yet, and replaces one it has', () => {
    const window = new HitRateWindow({ windowMs: 30_000, bucketMs: 10_000 });
    window.record(true, 5_000); // bucket 0
    window.record(false, 15_000); // bucket 1
    window.record(true, 35_000); // bucket 3: the slot of bucket 0
    window.record(true, 36_000);
    expect(window.read(39_999), 'buckets 1, 2 and 3').toMatchObject({ hits: 2, misses: 1 });
  });
});

describe('the timeline has one point per bucket, oldest first, empty ones included [ex3.snapshots.window-timeline]', () => {
  it('returns one timeline point per bucket, oldest first, empty ones included', () => {
    const window = new HitRateWindow({ windowMs: 40_000, bucketMs: 10_000 });
    window.record(true, 12_000);
    window.record(false, 13_000);
    window.record(true, 35_000);
    const { timeline } = window.read(35_000);
    expect(timeline).toEqual([
      { startMs: 0, hits: 0, misses: 0, hitRate: 0 },
      { startMs: 10_000, hits: 1, misses: 1, hitRate: 0.5 },
      { startMs: 20_000, hits: 0, misses: 0, hitRate: 0 },
      { startMs: 30_000, hits: 1, misses: 0, hitRate: 1 },
    ]);
  });
});

describe('the window keeps windowMs / bucketMs buckets, however long the traffic [ex3.snapshots.window-memory]', () => {
  it('uses bounded memory: a day of traffic still yields windowMs / bucketMs points', () => {
    const window = new HitRateWindow({ windowMs: 300_000, bucketMs: 10_000 });
    for (let t = 0; t < 86_400_000; t += 5_000) window.record(t % 3 === 0, t);
    const read = window.read(86_400_000 - 1);
    expect(read.timeline.length).toBe(30);
    expect(read.hits + read.misses, 'only the last 5 minutes: 60 samples').toBe(60);
  });
});

describe('a sample older than the window is dropped [ex3.snapshots.window-late-sample]', () => {
  it('ignores a sample older than the window', () => {
    const window = new HitRateWindow({ windowMs: 20_000, bucketMs: 10_000 });
    window.record(true, 100_000);
    window.record(false, 50_000);
    expect(window.read(100_000)).toMatchObject({ hits: 1, misses: 0 });
    expect(window.read(50_000), 'the dropped sample is not kept for a reading of its own time either').toMatchObject({ hits: 0, misses: 0 });
  });

  it('drops a sample exactly one window behind the newest, without disturbing the newest bucket', () => {
    const window = new HitRateWindow({ windowMs: 20_000, bucketMs: 10_000 });
    window.record(true, 100_000);
    window.record(false, 80_000); // two buckets behind: outside a window of two
    expect(window.read(100_000)).toMatchObject({ hits: 1, misses: 0 });
  });

  it('ignores a sample at a time that is not a finite number', () => {
    const window = new HitRateWindow({ windowMs: 20_000, bucketMs: 10_000 });
    window.record(true, Infinity);
    window.record(true, Number.NaN);
    window.record(false, 1_000);
    expect(window.read(1_000), 'only the sample at t=1000 counts, and it is not taken for an old one').toMatchObject({ hits: 0, misses: 1 });
  });

  it('keeps a late sample that is still within the window of the newest one', () => {
    const window = new HitRateWindow({ windowMs: 20_000, bucketMs: 10_000 });
    window.record(true, 100_000);
    window.record(false, 90_000);
    expect(window.read(100_000), 'bucket [90 000, 100 000) is still in the window').toMatchObject({ hits: 1, misses: 1 });
  });
});

describe('reset() forgets every sample [ex3.snapshots.window-reset]', () => {
  it('forgets everything on reset()', () => {
    const window = new HitRateWindow({ windowMs: 20_000, bucketMs: 10_000 });
    window.record(true, 1_000);
    window.reset();
    expect(window.read(1_000)).toMatchObject({ hits: 0, misses: 0, hitRate: 0 });
  });

  it('accepts older samples again after a reset', () => {
    const window = new HitRateWindow({ windowMs: 20_000, bucketMs: 10_000 });
    window.record(true, 100_000);
    window.reset();
    window.record(false, 1_000);
    expect(window.read(1_000), 'after reset() nothing is newer than t=1000').toMatchObject({ hits: 0, misses: 1 });
  });
});

describe('the window has defaults and validates its options [ex3.snapshots.window-options]', () => {
  it('defaults to a 5-minute window of 10-second buckets', () => {
    const read = new HitRateWindow().read(0);
    expect(read).toMatchObject({ windowMs: 300_000, bucketMs: 10_000 });
    expect(read.timeline.length).toBe(30);
  });

  it.each([
    [{ windowMs: 0 }, 'windowMs'],
    [{ windowMs: Infinity }, 'windowMs'],
    [{ bucketMs: -5 }, 'bucketMs'],
    [{ bucketMs: Number.NaN }, 'bucketMs'],
    [{ windowMs: 25_000, bucketMs: 10_000 }, 'windowMs'],
    [{ windowMs: 10_001, bucketMs: 1 }, 'windowMs'],
  ])('rejects %j with a RangeError naming `%s`', (options, name) => {
    expect(() => new HitRateWindow(options)).toThrow(RangeError);
    expect(() => new HitRateWindow(options)).toThrow(new RegExp(`\`${name}\``));
  });

  it('accepts exactly 10,000 buckets', () => {
    expect(new HitRateWindow({ windowMs: 10_000, bucketMs: 1 }).read(0).timeline.length).toBe(10_000);
  });
});

describe('requests.recent follows the stats clock [ex3.snapshots.recent]', () => {
  it('follows the injected clock: old requests leave the window', async () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now, windowMs: 60_000, bucketMs: 10_000 });
    let hit = false;
    const { client: inner } = scriptedClient(clock, { answer: (req) => response(req.model, undefined, { hit, key: 'k' }) });
    const client = new InstrumentedClient(inner, { stats });
    await client.chat(request('a')); // a miss at t=0
    clock.set(30_000);
    hit = true;
    await client.chat(request('a'));
    await client.chat(request('a'));
    expect(stats.snapshot().requests.recent).toMatchObject({ hits: 2, misses: 1 });
    clock.set(65_000);
    const later = stats.snapshot().requests;
    expect(later.recent, 'at t=65 000 the miss at t=0 is more than a window ago').toMatchObject({ hits: 2, misses: 0, hitRate: 1 });
    expect(later.hitRate, 'the all-time hit rate still counts it').toBeCloseTo(2 / 3, 12);
    expect(later.recent.timeline.length).toBe(6);
  });

  it('counts a request recorded without atMs at the time of recording', () => {
    const clock = manualClock(100_000);
    const stats = new CacheStats({ now: clock.now, windowMs: 20_000, bucketMs: 10_000 });
    stats.recordRequest('m', true, 1);
    expect(stats.snapshot().requests.recent, 'recorded at t=100 000, read at t=100 000').toMatchObject({ hits: 1, misses: 0 });
  });
});
