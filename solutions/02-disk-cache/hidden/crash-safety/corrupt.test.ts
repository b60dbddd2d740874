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

/** Replaces the header line with `change(header)`, keeping the payload (and so its length and checksum) intact. */
const header = (change: (h: Record<string, unknown>) => unknown): Damage => (bytes) => {
  const end = bytes.indexOf(0x0a);
  const parsed = JSON.parse(bytes.toString('utf8', 0, end)) as Record<string, unknown>;
  return Buffer.concat([Buffer.from(`${JSON.stringify(change(parsed))}\n`), bytes.subarray(end + 1)]);
};

const badHeaders: Array<[string, Damage]> = [
  ['a header that is null', header(() => null)],
  ['a header that is a number', header(() => 7)],
  ['a header without a version', header((h) => ({ ...h, v: undefined }))],
  ['a header without a key', header((h) => ({ ...h, key: undefined }))],
  ['a header whose expiresAt is a string', header((h) => ({ ...h, expiresAt: 'tomorrow' }))],
  ['a header with an unknown encoding', header((h) => ({ ...h, encoding: 'zip' }))],
  ['a header without a crc32', header((h) => ({ ...h, crc32: undefined }))],
  ['a header whose length is negative', header((h) => ({ ...h, length: -1 }))],
  ['a header whose length is not a number', header((h) => ({ ...h, length: 'ten' }))],
];

/** What each damage's warning message must say: the check that failed, in the guide's words. */
const named: Array<[string, Damage, RegExp]> = [
  ['an empty file', () => '', /header line/],
  ['a header with no newline', () => '{"v":1,"key":"k","expiresAt":null,"encoding":"identity","length":5,"crc32":1}', /header line/],
  ['random bytes', () => Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 256)), /JSON/],
  ['a file that starts with its newline', (bytes) => Buffer.concat([Buffer.from('\n'), bytes]), /JSON/],
  ['a header that is null', header(() => null), /object/],
  ['a header that is a number', header(() => 7), /object/],
  ['JSON that is not an entry', () => '{"hello":"world"}\n', /version/],
  ['a header without a key', header((h) => ({ ...h, key: undefined })), /key/],
  ['a header whose expiresAt is a string', header((h) => ({ ...h, expiresAt: 'tomorrow' })), /expiresAt/],
  ['a header with an unknown encoding', header((h) => ({ ...h, encoding: 'zip' })), /encoding/],
  ['a header whose length is negative', header((h) => ({ ...h, length: -1 })), /length/],
  ['a header whose length is not a number', header((h) => ({ ...h, length: 'ten' })), /length/],
  ['a header whose length is 0 while a payload follows', header((h) => ({ ...h, length: 0 })), /bytes/],
  ['a header without a crc32', header((h) => ({ ...h, crc32: undefined })), /crc32/],
  ['a file truncated to half its length', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)), /bytes/],
  ['a file longer than its header says', (bytes) => Buffer.concat([bytes, Buffer.from('garbage')]), /bytes/],
  ['one payload byte changed', (bytes) => {
    const copy = Buffer.from(bytes);
    copy[copy.length - 3] = copy[copy.length - 3]! ^ 0x01;
    return copy;
  }, /checksum/],
];

async function damagedCache(damage: Damage) {
  const dir = await cacheDir();
  const cache = await DiskCache.open<unknown>({ dir });
  await cache.set('k', { answer: 'forty-two', padding: 'p'.repeat(200) });
  const file = join(dir, entryFileName('k'));
  await writeFile(file, damage(await readFile(file)));
  const warnings: Array<{ code?: string; file?: string; message?: string }> = [];
  cache.on('warning', (w) => warnings.push(w));
  return { cache, dir, warnings };
}

describe('a damaged entry file is a miss: removed, with a corrupt-entry warning [ex2.crash-safety.corrupt]', () => {
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

  it.each(badHeaders)('reads an entry file with %s as a miss, with a corrupt-entry warning, and has() is false', async (_name, damage) => {
    const { cache, dir, warnings } = await damagedCache(damage);
    expect(await cache.has('k'), 'has() is false for a header that is not an entry header').toBe(false);
    expect(await cache.get('k'), 'and get() resolves to undefined').toBeUndefined();
    expect(warnings.map((w) => w.code), "one 'corrupt-entry' warning: the header is damaged, not of another version or key").toEqual(['corrupt-entry']);
    expect(await entryFiles(dir), 'the damaged file is removed').toEqual([]);
  });

  it.each(named)("says in the warning's message which check failed, for %s", async (_name, damage, words) => {
    const { cache, warnings } = await damagedCache(damage);
    await cache.get('k');
    expect(warnings, "one 'corrupt-entry' warning").toHaveLength(1);
    expect(warnings[0]?.message, `the message names the check that failed (${String(words)}): the guide lists the words`).toMatch(words);
  });

  it('stores the key again normally after a damaged entry was found', async () => {
    const { cache } = await damagedCache(() => 'junk');
    await cache.get('k');
    await cache.set('k', 'fresh');
    expect(await cache.get('k')).toBe('fresh');
  });
});
