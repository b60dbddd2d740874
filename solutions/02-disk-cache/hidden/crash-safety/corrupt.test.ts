import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { cacheDir, entryFiles } from '../helpers/dirs.js';

type Damage = (bytes: Buffer) => Buffer | string;

const damages: Array<[string, Damage]> = [
  ['truncated to half its length', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))],
  ['cut after the header line', (bytes) => bytes.subarray(0, bytes.indexOf(0x0a) + 1)],
  ['missing its last byte', (bytes) => bytes.subarray(0, bytes.length - 1)],
  ['empty', () => ''],
  ['random bytes', () => Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 256))],
  ['JSON that is not an entry', () => '{"hello":"world"}\n'],
  ['a header with no newline', () => '{"v":1,"key":"k","expiresAt":null,"encoding":"identity","length":5,"crc32":1}'],
  ['one payload byte changed', (bytes) => {
    const copy = Buffer.from(bytes);
    copy[copy.length - 3] = copy[copy.length - 3]! ^ 0x01;
    return copy;
  }],
  ['longer than its header says', (bytes) => Buffer.concat([bytes, Buffer.from('garbage')])],
];

async function damagedCache(damage: Damage) {
  const dir = await cacheDir();
  const cache = await DiskCache.open<unknown>({ dir });
  await cache.set('k', { answer: 'forty-two', padding: 'p'.repeat(200) });
  const file = join(dir, entryFileName('k'));
  await writeFile(file, damage(await readFile(file)));
  const warnings: Array<{ code?: string; file?: string }> = [];
  cache.on('warning', (w) => warnings.push(w));
  return { cache, dir, warnings };
}

describe('DiskCache corrupt entries', () => {
  it.each(damages)('reads an entry file %s as a miss, without throwing', async (_name, damage) => {
    const { cache } = await damagedCache(damage);
    expect(await cache.get('k'), 'a damaged entry is a miss: get() resolves to undefined').toBeUndefined();
  });

  it.each(damages)('removes an entry file %s and emits a corrupt-entry warning', async (_name, damage) => {
    const { cache, dir, warnings } = await damagedCache(damage);
    await cache.get('k');
    expect(await entryFiles(dir), 'the damaged file is removed (or moved out of the way)').toEqual([]);
    expect(warnings.map((w) => w.code), "one 'warning' event with code 'corrupt-entry'").toEqual(['corrupt-entry']);
    expect(warnings[0]?.file, 'the warning names the file').toBe(join(dir, entryFileName('k')));
  });

  it('answers has() with false for a damaged entry', async () => {
    const { cache } = await damagedCache((bytes) => bytes.subarray(0, 20));
    expect(await cache.has('k')).toBe(false);
  });

  it('stores the key again normally after a damaged entry was found', async () => {
    const { cache } = await damagedCache(() => 'junk');
    await cache.get('k');
    await cache.set('k', 'fresh');
    expect(await cache.get('k')).toBe('fresh');
  });
});
