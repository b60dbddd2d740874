import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { cacheDir, entryFiles } from '../helpers/dirs.js';
import { writeEntryFile } from '../helpers/envelope.js';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}
const circular: Record<string, unknown> = { name: 'loop' };
circular['self'] = circular;
const circularArray: unknown[] = [1];
circularArray.push(circularArray);

const unfaithful: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['a function', () => 'hi'],
  ['a symbol', Symbol('s')],
  ['a BigInt', 10n],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['undefined inside an array', [1, undefined, 3]],
  ['a sparse array', [1, , 3]],
  ['a circular object', circular],
  ['a circular array', circularArray],
  ['a Date', new Date(0)],
  ['a Map', new Map([['a', 1]])],
  ['a Set', new Set([1])],
  ['a class instance', new Point(1, 2)],
  ['a Buffer', Buffer.from('hi')],
  ['a function deep inside', { a: { b: [{ c: () => 1 }] } }],
  ['a BigInt deep inside', { usage: { tokens: [1, 2n] } }],
  ['an own __proto__ key', JSON.parse('{"__proto__":{"polluted":true}}')],
  ['an object with symbol keys', { visible: 1, [Symbol('hidden')]: 2 }],
];

describe('set() rejects a value JSON would not carry faithfully, with a TypeError naming its path [ex2.safe-names.json-only]', () => {
  it.each(unfaithful)('rejects %s with a TypeError and writes nothing', async (_name, value) => {
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await expect(cache.set('k', value)).rejects.toThrow(TypeError);
    expect(await entryFiles(cache.dir), 'nothing may reach the disk').toEqual([]);
  });

  it('keeps the previous value when a replacement is rejected', async () => {
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await cache.set('k', { ok: true });
    await expect(cache.set('k', { ok: () => true })).rejects.toThrow(TypeError);
    expect(await cache.get('k')).toEqual({ ok: true });
  });

  it('names where the offending value sits, JavaScript-style', async () => {
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await expect(cache.set('k', { messages: [{ role: 'user' }, { content: () => 'x' }] })).rejects.toThrow('value.messages[1].content');
  });

  it.each([
    ['the first offending array item', [1, 'two', () => 3, 4n], 'value[2]'],
    ['a key that is not an identifier, in brackets', { 'x-request-id': { ok: [NaN] } }, 'value["x-request-id"].ok[0]'],
    ['a key that starts with a digit, in brackets', { '1st': Symbol('s') }, 'value["1st"]'],
    ['an identifier with _ and $', { _private$1: { big: 1n } }, 'value._private$1.big'],
  ] as const)('names %s', async (_name, value, path) => {
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await expect(cache.set('k', value), `the message names the path ${path}`).rejects.toThrow(path);
  });

  it.each([
    ['undefined at the top', undefined, '`value`', /undefined/],
    ['NaN at the top', NaN, '`value`', /NaN/],
    ['-Infinity in an array', [1, -Infinity], '`value[1]`', /Infinity/],
    ['undefined in an array', [1, undefined], '`value[1]`', /undefined/],
    ['a function', { f: () => 1 }, '`value.f`', /function/],
    ['a BigInt', { n: 1n }, '`value.n`', /bigint/i],
    ['a cycle', circular, '`value.self`', /circular/],
    ['a Date', { at: new Date(0) }, '`value.at`', /Date/],
    ['a class instance', [new Point(1, 2)], '`value[0]`', /Point/],
    ['an object whose prototype has no constructor', { odd: Object.create(Object.create(null) as object) as object }, '`value.odd`', /object/],
    ['symbol keys', { s: { [Symbol('hidden')]: 1 } }, '`value.s`', /symbol/],
    ['an own __proto__ key', { inner: JSON.parse('{"__proto__":{"polluted":true}}') as unknown }, '`value.inner`', /__proto__/],
  ] as const)('names the path in backticks and says what is wrong there, for %s', async (_name, value, path, what) => {
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir() });
    const error = await cache.set('k', value).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'set() rejects with a TypeError').toBeInstanceOf(TypeError);
    expect((error as Error).message, `the message puts the path in backticks, exactly: ${path}`).toContain(path);
    expect((error as Error).message, `and says what is there: ${String(what)}`).toMatch(what);
  });

  it('accepts the same object twice: a shared reference is not a cycle', async () => {
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir() });
    const shared = { role: 'system' };
    await cache.set('k', { a: shared, b: [shared, shared] });
    expect(await cache.get('k')).toEqual({ a: shared, b: [shared, shared] });
  });

  it('drops object properties that are undefined, as JSON does', async () => {
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await cache.set('k', { a: 1, b: undefined });
    expect(Object.keys((await cache.get('k')) as object)).toEqual(['a']);
  });

  it('accepts objects without a prototype', async () => {
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await cache.set('k', Object.assign(Object.create(null) as object, { a: 1 }));
    expect(await cache.get('k')).toEqual({ a: 1 });
  });
});

describe('__proto__ keys in a file are dropped when read; nothing reaches a prototype [ex2.safe-names.hostile-json]', () => {
  it.each([
    ['a __proto__ key', '{"ok":1,"__proto__":{"polluted":"yes"}}'],
    ['an escaped __proto__ key', '{"ok":1,"\\u005f_proto__":{"polluted":"yes"}}'],
    ['a nested __proto__ key', '{"ok":1,"inner":[{"__proto__":{"polluted":"yes"}}]}'],
  ])('drops %s and leaves every prototype alone', async (_name, json) => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<Record<string, unknown>>({ dir });
    await writeEntryFile(dir, 'k', json);
    const value = (await cache.get('k'))!;
    expect(value.ok).toBe(1);
    expect(({} as Record<string, unknown>)['polluted'], 'Object.prototype is untouched').toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__'), 'no own __proto__ key survives the read').toBe(false);
    expect(JSON.stringify(value)).not.toContain('polluted');
    // A naive merge of what was read is now harmless too.
    expect((Object.assign({}, value) as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps a constructor key as plain data, without reaching Object.prototype', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<Record<string, unknown>>({ dir });
    await writeEntryFile(dir, 'k', '{"constructor":{"prototype":{"polluted":"yes"}}}');
    const value = (await cache.get('k'))!;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value['constructor']).toEqual({ prototype: { polluted: 'yes' } });
  });
});
