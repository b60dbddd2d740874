import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { KeyvDiskStore } from '@impl';
import { tempCacheDir } from './temp-dir.js';

describe('KeyvDiskStore (public)', () => {
  it('works as a Keyv store: set, get, delete', async () => {
    const keyv = new Keyv({ store: new KeyvDiskStore({ dir: await tempCacheDir() }) });
    await keyv.set('k', { hello: 'disk' });
    expect(await keyv.get('k')).toEqual({ hello: 'disk' });
    expect(await keyv.delete('k')).toBe(true);
    expect(await keyv.get('k')).toBeUndefined();
  });

  it('shares entries between two Keyv instances on one directory', async () => {
    const dir = await tempCacheDir();
    await new Keyv({ store: new KeyvDiskStore({ dir }) }).set('k', 'v');
    expect(await new Keyv({ store: new KeyvDiskStore({ dir }) }).get('k')).toBe('v');
  });
});
