import { describe, expect, it } from 'vitest';
import { CacheStats, HitRateWindow } from '@impl';

describe('snapshots (public)', () => {
  it('gives a snapshot that survives JSON unchanged, with hit rates of 0 before any traffic', () => {
    const snapshot = new CacheStats({ now: () => 1_000 }).snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot).toMatchObject({ version: 1, takenAtMs: 1_000, sinceMs: 1_000, memory: null });
    expect(snapshot.requests.hitRate).toBe(0);
  });

  it('forgets a bucket once it is a whole window old', () => {
    const window = new HitRateWindow({ windowMs: 60_000, bucketMs: 10_000 });
    window.record(false, 0);
    window.record(true, 30_000);
    expect(window.read(59_999)).toMatchObject({ hits: 1, misses: 1 });
    expect(window.read(60_000)).toMatchObject({ hits: 1, misses: 0, hitRate: 1 });
  });
});
