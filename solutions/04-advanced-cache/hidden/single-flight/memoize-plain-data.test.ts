import { describe, expect, it } from 'vitest';
import { memoize } from '@impl';

describe('what counts as plain data for the default key [ex4.single-flight.memoize-key]', () => {
  it('undefined arguments (optional parameters left out) are plain data', async () => {
    let calls = 0;
    const fn = memoize(async (query: string, limit?: number) => `${query}:${limit ?? 'all'}:${++calls}`);
    expect(await fn('q', undefined)).toBe('q:all:1');
    expect(await fn('q', undefined), 'the same call again is answered from the cache').toBe('q:all:1');
  });

  it('an object without a prototype (Object.create(null)) is plain data', async () => {
    let calls = 0;
    const fn = memoize(async (options: object) => `${JSON.stringify(options)}:${++calls}`);
    const options = Object.assign(Object.create(null) as object, { a: 1 });
    expect(await fn(options)).toBe('{"a":1}:1');
    expect(await fn(options)).toBe('{"a":1}:1');
  });

  it('an object of a prototype without a constructor is a TypeError naming its place', async () => {
    const fn = memoize(async (value: object) => value);
    const value = Object.create(Object.create(null) as object) as object;
    await expect(fn(value)).rejects.toThrow(TypeError);
    await expect(fn(value)).rejects.toThrow('`args[0]`');
    await expect(fn(value), 'with no class to name, the message says it has a custom prototype').rejects.toThrow(/prototype/);
  });
});
