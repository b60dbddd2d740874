import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson } from '@impl';

describe('canonicalJson writes values exactly as JSON.stringify does, without whitespace [ex1.cache-key.json-values]', () => {
  it.each<[string, unknown]>([
    ['a plain string', 'hello'],
    ['a string that needs escapes', 'say "hi"\n\tback\\slash \u0001 and é 🙂'],
    ['true', true],
    ['false', false],
    ['null', null],
    ['zero', 0],
    ['a negative fraction', -0.125],
    ['a float with no exact binary form', 0.1],
    ['a large number', 1e21],
    ['a tiny number', 5e-7],
    ['an empty object', {}],
    ['an empty array', []],
    ['nested arrays', [[1, [2, 'x']], [], [null, true]]],
  ])('writes %s like JSON.stringify', (_label, value) => {
    expect(canonicalJson(value), `canonicalJson(${JSON.stringify(value)}) must equal JSON.stringify of it`).toBe(JSON.stringify(value));
  });

  it('writes property names as JSON strings, escapes included', () => {
    expect(canonicalJson({ 'a "quoted" key': 1 }), 'property names are written with JSON.stringify too').toBe('{"a \\"quoted\\" key":1}');
  });
});

describe('canonicalJson sorts object keys at every level [ex1.cache-key.sorted-keys]', () => {
  it('sorts top-level keys in the default sort() order (UTF-16 code units)', () => {
    const value = { b: 1, a: 2, _: 3, B: 4, é: 5, 9: 6, 10: 7 };
    expect(canonicalJson(value), 'Object.keys(value).sort(): "10" < "9" < "B" < "_" < "a" < "b" < "é"').toBe('{"10":7,"9":6,"B":4,"_":3,"a":2,"b":1,"é":5}');
  });

  it('sorts the keys of nested objects, inside arrays too', () => {
    const value = { z: { y: 1, x: [{ d: 1, c: 2 }] }, a: null };
    expect(canonicalJson(value), 'every object is written with its keys sorted, however deep').toBe('{"a":null,"z":{"x":[{"c":2,"d":1}],"y":1}}');
  });

  it('gives the example request from the guide byte for byte', () => {
    const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
    expect(canonicalJson(request)).toBe('{"messages":[{"content":"hi","role":"user"}],"model":"openai/gpt-4o-mini"}');
  });
});

describe('canonicalJson leaves out undefined properties and nothing else [ex1.cache-key.undefined-dropped]', () => {
  it('drops a property whose value is undefined, at the top level and nested', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined, e: 2 } }), 'a property set to undefined is written as if absent').toBe('{"a":1,"c":{"e":2}}');
  });

  it('writes an undefined array element as null, as JSON.stringify does', () => {
    expect(canonicalJson([1, undefined, 3]), 'arrays keep their length: undefined becomes null').toBe('[1,null,3]');
  });

  it('writes a hole in a sparse array as null too, as JSON.stringify does', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(canonicalJson([1, , 3]), 'a missing element reads as undefined: [1, , 3] is written [1,null,3], never the invalid [1,,3]').toBe('[1,null,3]');
  });

  it('keeps falsy values that are not undefined', () => {
    expect(canonicalJson({ zero: 0, no: false, empty: '', nothing: null }), '0, false, "" and null are values: only undefined is dropped').toBe('{"empty":"","no":false,"nothing":null,"zero":0}');
  });
});

describe('canonicalJson keeps array order [ex1.cache-key.array-order]', () => {
  it('writes array elements in their order, unsorted', () => {
    expect(canonicalJson(['b', 'a', 'c']), 'arrays are sequences: their order is kept').toBe('["b","a","c"]');
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
  });
});

describe('a value JSON cannot carry throws a TypeError that says where it is [ex1.cache-key.non-json]', () => {
  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a BigInt', 10n],
  ])('rejects %s', (_label, bad) => {
    let thrown: unknown;
    try {
      canonicalJson({ ok: 1, temperature: bad }, 'request');
    } catch (error) {
      thrown = error;
    }
    expect(thrown, 'JSON.stringify would silently write null or drop it, and two different requests would share a key: throw a TypeError').toBeInstanceOf(TypeError);
    expect((thrown as Error).message, 'the message names where the value is: `request.temperature`').toContain('request.temperature');
  });

  it('names the place of a value deep inside objects and arrays', () => {
    const request = { messages: [{ role: 'user', content: 'hi' }, { role: 'user', content: Number.NaN }] };
    expect(() => canonicalJson(request, 'request'), 'nested places are written as in JavaScript: request.messages[1].content').toThrow('request.messages[1].content');
  });

  it('names the field of the request in a TypeError from cacheKey', () => {
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], temperature: Number.NaN };
    expect(() => cacheKey(request), 'cacheKey passes the path `request`, so NaN in temperature is reported at request.temperature').toThrow(TypeError);
    expect(() => cacheKey(request)).toThrow('request.temperature');
  });

  it('starts the place at `value` when no path is given', () => {
    expect(() => canonicalJson({ x: Infinity }), 'path defaults to "value", so the place is value.x').toThrow('value.x');
  });

  it('names the place of a function inside an array', () => {
    expect(() => canonicalJson({ stop: ['a', () => 'b'] }, 'request'), 'array elements are named with [index]').toThrow('request.stop[1]');
  });
});
