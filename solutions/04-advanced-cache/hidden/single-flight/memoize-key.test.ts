import { describe, expect, it, vi } from 'vitest';
import { memoize } from '@impl';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

/** What the memoized call rejects with, failing the test if it resolves. */
async function rejectionOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the memoized call to reject, but it resolved');
}

describe('the default key takes plain data only; anything else is a TypeError naming the argument [ex4.single-flight.memoize-key]', () => {
  it.each<[string, unknown[], string]>([
    ['a BigInt argument', [1, 10n], 'args[1]'],
    ['a BigInt deep in an argument', [{ limits: [1, 2n] }], 'args[0].limits[1]'],
    ['a NaN argument, which JSON writes as null', [Number.NaN], 'args[0]'],
    ['a function argument', ['q', () => 1], 'args[1]'],
    ['a Date, which JSON writes as a string', [{ when: new Date(0) }], 'args[0].when'],
    ['a Map, which JSON writes as {}', [new Map([['a', 1]])], 'args[0]'],
    ['a Set, which JSON writes as {}', [new Set([1])], 'args[0]'],
    ['a class instance', [new Point(1, 2)], 'args[0]'],
  ])('rejects %s', async (_label, args, place) => {
    const fn = vi.fn(async (..._args: unknown[]) => 'computed');
    const error = await rejectionOf(() => memoize(fn)(...args));
    expect(error, 'a value JSON cannot write, or would write as another call\'s key, must be a TypeError').toBeInstanceOf(TypeError);
    expect((error as Error).message, `the message names the argument: \`${place}\``).toContain(`\`${place}\``);
    expect(fn, 'fn is not called for arguments that have no key').not.toHaveBeenCalled();
  });

  it('says what the refused object is: its class', async () => {
    const error = await rejectionOf(() => memoize(async (_d: unknown) => 1)({ when: new Date(0) }));
    expect((error as Error).message, 'name the kind of object, so the caller knows to give a key option: "Date"').toMatch(/\bDate\b/);
  });

  it('rejects an argument that contains itself, naming where the cycle closes', async () => {
    const node: Record<string, unknown> = { id: 1 };
    node['parent'] = node;
    const error = await rejectionOf(() => memoize(async (_n: unknown) => 1)(node));
    expect(error, 'a cycle has no JSON: a TypeError, not a stack overflow').toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('`args[0].parent`');
  });

  it('never serves one Map\'s result for another: different Maps are refused, not confused', async () => {
    const size = memoize(async (map: Map<string, number>) => map.size);
    await expect(size(new Map([['a', 1]])), 'JSON.stringify writes every Map as {}: a key would be shared').rejects.toThrow(TypeError);
    await expect(size(new Map())).rejects.toThrow(TypeError);
  });

  it('keeps JSON.stringify(args) as the key of plain data, the same object twice included', async () => {
    const map = new Map<string, string>();
    const cache = { get: (k: string) => map.get(k), set: (k: string, v: string) => void map.set(k, v), has: (k: string) => map.has(k), delete: (k: string) => map.delete(k), clear: () => map.clear() };
    const shared = { a: [1, 'x'] };
    const echo = memoize(async (..._args: unknown[]) => 'r', { cache });
    await echo(shared, shared, null, true);
    expect([...map.keys()], 'plain data keeps the documented key, JSON.stringify(args)').toEqual([JSON.stringify([shared, shared, null, true])]);
  });

  it('lets a key option take arguments the default key refuses', async () => {
    const fn = vi.fn(async (when: Date) => when.getTime());
    const at = memoize(fn, { key: (when) => String(when.getTime()) });
    expect(await at(new Date(5)), 'with a key option, the caller decides what a Date means').toBe(5);
    expect(await at(new Date(5))).toBe(5);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
