import { describe, expect, it, vi } from 'vitest';
import { memoize } from '@impl';
import { deferred, handled, settle } from '../helpers/deferred.js';

describe('memoize', () => {
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

  it('forgets one result with delete(...args) and all with clear()', async () => {
    const fn = vi.fn(async (a: number) => a);
    const id = memoize(fn);
    await id(1);
    await id(2);
    await id.delete(1);
    await id(1);
    await id(2);
    expect(fn).toHaveBeenCalledTimes(3);
    await id.clear();
    await id(2);
    expect(fn).toHaveBeenCalledTimes(4);
  });

  it('keeps at most maxEntries results', async () => {
    const fn = vi.fn(async (a: number) => a);
    const id = memoize(fn, { maxEntries: 2 });
    await id(1);
    await id(2);
    await id(3);
    await id(1);
    expect(fn, '1 was evicted by 3 and must be computed again').toHaveBeenCalledTimes(4);
  });

  it('rejects a fn that is not a function with a TypeError naming `fn`', () => {
    expect(() => memoize('nope' as never)).toThrow('`fn`');
  });
});
