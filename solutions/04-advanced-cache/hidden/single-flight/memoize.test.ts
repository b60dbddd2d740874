import { describe, expect, it, vi } from 'vitest';
import { memoize } from '@impl';
import { deferred, handled, settle } from '../helpers/deferred.js';

describe('memoize() calls fn once per key [ex4.single-flight.memoize]', () => {
  it('calls the function once for repeated arguments', async () => {
    const fn = vi.fn(async (a: number, b: number) => a + b);
    const add = memoize(fn);
    expect(await add(1, 2)).toBe(3);
    expect(await add(1, 2)).toBe(3);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('calls it again for different arguments', async () => {
    const fn = vi.fn(async (a: number) => a * 2);
    const double = memoize(fn);
    await double(1);
    await double(2);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('shares one call between concurrent callers with the same arguments', async () => {
    const gate = deferred<string>();
    const fn = vi.fn((_q: string) => gate.promise);
    const ask = memoize(fn);
    const calls = [handled(ask('q')), handled(ask('q')), handled(ask('q'))];
    await settle();
    gate.resolve('a');
    expect(await Promise.all(calls)).toEqual(['a', 'a', 'a']);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not remember a rejection', async () => {
    let calls = 0;
    const flaky = memoize(async () => {
      calls++;
      if (calls === 1) throw new Error('first call fails');
      return 'ok';
    });
    await expect(flaky()).rejects.toThrow('first call fails');
    expect(await flaky()).toBe('ok');
  });

  it('uses the key option to decide which calls are the same', async () => {
    const fn = vi.fn(async (request: { id: number; traceId: string }) => request.id);
    const byId = memoize(fn, { key: (request) => String(request.id) });
    await byId({ id: 1, traceId: 'x' });
    await byId({ id: 1, traceId: 'y' });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('the default cache remembers at most maxEntries results', async () => {
    const fn = vi.fn(async (a: number) => a);
    const id = memoize(fn, { maxEntries: 2 });
    for (let round = 0; round < 2; round++) for (let i = 0; i < 10; i++) await id(i);
    expect(fn.mock.calls.length, 'ten keys asked twice in turn, room for two: at most two of the second round are remembered').toBeGreaterThanOrEqual(18);
  });

  it('the default cache remembers up to 1000 results', async () => {
    const fn = vi.fn(async (a: number) => a);
    const id = memoize(fn);
    for (let round = 0; round < 2; round++) for (let i = 0; i < 1000; i++) await id(i);
    expect(fn, '1000 keys fit in the default cache: the second round is answered from it').toHaveBeenCalledTimes(1000);
  });

  it('uses the cache option when given', async () => {
    const map = new Map<string, number>();
    const cache = { get: (k: string) => map.get(k), set: (k: string, v: number) => void map.set(k, v), has: (k: string) => map.has(k), delete: (k: string) => map.delete(k), clear: () => map.clear() };
    const id = memoize(async (a: number) => a * 10, { cache });
    await id(1);
    expect(map.get('[1]'), 'the result is stored in the given cache under JSON.stringify(args)').toBe(10);
  });

  it('passes the arguments and this through to fn', async () => {
    const seen: unknown[] = [];
    const fn = vi.fn(async function (this: unknown, a: number, b: string): Promise<string> {
      seen.push(this);
      return `${a} ${b}`;
    });
    const target = { run: memoize(fn) };
    expect(await target.run(1, 'x')).toBe('1 x');
    expect(seen[0], 'fn is called with the memoized function\'s this').toBe(target);
  });

  it('rejects a key option that is not a function, and a bad maxEntries', () => {
    expect(() => memoize(async () => 1, { key: 'id' as never })).toThrow(TypeError);
    expect(() => memoize(async () => 1, { key: 'id' as never })).toThrow('`key`');
    expect(() => memoize(async () => 1, { maxEntries: 0 })).toThrow(RangeError);
    expect(() => memoize(async () => 1, { maxEntries: 0 })).toThrow('`maxEntries`');
  });


  it('rejects a fn that is not a function with a TypeError naming `fn`', () => {
    expect(() => memoize('nope' as never)).toThrow(TypeError);
    expect(() => memoize('nope' as never)).toThrow('`fn`');
  });
});
