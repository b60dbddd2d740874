import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { tempCacheDir } from './temp-dir.js';

describe('DiskCache concurrency (public)', () => {
  it('keeps call order on one key: the last set() called wins', async () => {
    const cache = await DiskCache.open<string>({ dir: await tempCacheDir() });
    await Promise.all([cache.set('k', 'x'.repeat(500_000)), cache.set('k', 'last')]);
    expect(await cache.get('k')).toBe('last');
  });

  it("lets two instances see each other's writes at once", async () => {
    const dir = await tempCacheDir();
    const a = await DiskCache.open<string>({ dir });
    const b = await DiskCache.open<string>({ dir });
    await a.set('k', 'from a');
    await b.set('k', 'from b');
    expect(await a.get('k')).toBe('from b');
  });
});
