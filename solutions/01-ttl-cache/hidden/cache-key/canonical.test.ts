import { describe, expect, it } from 'vitest';
import { cacheKey } from '@impl';

describe('equal requests give equal keys', () => {
  it('ignores the order of top-level fields', () => {
    const a = { model: 'm', temperature: 0.2, messages: [{ role: 'user' as const, content: 'hi' }] };
    const b = { messages: [{ content: 'hi', role: 'user' as const }], temperature: 0.2, model: 'm' };
    expect(cacheKey(b), 'the same fields in another order must give the same key').toBe(cacheKey(a));
  });

  it('ignores the order of keys in nested objects', () => {
    const schema = (order: 'ab' | 'ba') =>
      order === 'ab' ? { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } } } : { properties: { b: { type: 'number' }, a: { type: 'string' } }, type: 'object' };
    const request = (order: 'ab' | 'ba') => ({
      model: 'm',
      messages: [{ role: 'user' as const, content: 'x' }],
      response_format: { type: 'json_schema' as const, json_schema: { name: 's', schema: schema(order) } },
    });
    expect(cacheKey(request('ba')), 'nested key order must not matter either').toBe(cacheKey(request('ab')));
  });

  it('drops fields whose value is undefined', () => {
    const plain = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
    const withUndefined = { ...plain, temperature: undefined, seed: undefined };
    expect(cacheKey(withUndefined), '`temperature: undefined` means the field is absent').toBe(cacheKey(plain));
  });

  it('drops undefined fields inside messages', () => {
    const plain = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
    const withUndefined = { model: 'm', messages: [{ role: 'user' as const, content: 'hi', name: undefined }] };
    expect(cacheKey(withUndefined)).toBe(cacheKey(plain));
  });

  it('rejects a value JSON cannot carry with a TypeError', () => {
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], temperature: Number.NaN };
    expect(() => cacheKey(request), 'NaN would silently become null and collide with another request').toThrow(TypeError);
  });
});
