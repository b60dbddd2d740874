import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson } from '@impl';
import { thrownBy } from '../helpers/thrown-by.js';

type Request = Parameters<typeof cacheKey>[0];

/** A request whose first message carries `content` where a string belongs. */
const withContent = (content: unknown): Request => ({ model: 'm', messages: [{ role: 'user', content: content as string }] });

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

describe('only plain data gets a key: a Date, Map, Set or class instance throws a TypeError naming its place [ex1.cache-key.plain-data]', () => {
  it.each<[string, unknown]>([
    ['a Date', new Date(0)],
    ['a Map', new Map([['a', 1]])],
    ['a Set', new Set([1, 2])],
    ['a class instance', new Point(1, 2)],
    ['a typed array', new Uint8Array([1, 2])],
    ['a boxed string', Object('hi')],
  ])('rejects %s', (_label, bad) => {
    const thrown = thrownBy(() => cacheKey(withContent(bad)));
    expect(thrown, 'JSON writes every Map and Set as {} and a Date as a string, so two different requests would share a key: throw a TypeError').toBeInstanceOf(TypeError);
    expect((thrown as Error).message, 'the message names where the value is: `request.messages[0].content`').toContain('request.messages[0].content');
  });

  it('says what the value is in the message', () => {
    expect(() => cacheKey(withContent(new Map())), 'name the kind of object, so the caller knows what to convert: "Map"').toThrow(/\bMap\b/);
    expect(() => cacheKey(withContent(new Point(0, 0))), 'a class instance is named by its class: "Point"').toThrow(/\bPoint\b/);
  });

  it('never gives two different Dates the same key: it refuses both', () => {
    expect(() => cacheKey(withContent(new Date(0))), 'new Date(0) must not get a key that new Date(1) could share').toThrow(TypeError);
    expect(() => cacheKey(withContent(new Date(1)))).toThrow(TypeError);
  });

  it('names the place when canonicalJson is given no path', () => {
    expect(() => canonicalJson({ at: new Date(0) }), 'the place starts at `value` without a path, as for NaN').toThrow('value.at');
  });

  it('accepts an object without a prototype, written like an object literal', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 'x' });
    expect(canonicalJson(bare), 'Object.create(null) is plain data: only its keys and values count').toBe('{"a":"x","b":1}');
  });

  it('keeps plain objects and arrays exactly as before', () => {
    expect(canonicalJson({ list: [1, { z: null, y: [true] }], s: 'x' }), 'plain data is written as JSON with sorted keys').toBe('{"list":[1,{"y":[true],"z":null}],"s":"x"}');
  });
});

describe('a cycle throws a TypeError naming its place instead of overflowing the stack [ex1.cache-key.cycles]', () => {
  it('rejects an object that contains itself', () => {
    const content: Record<string, unknown> = { type: 'text' };
    content['self'] = content;
    const thrown = thrownBy(() => cacheKey(withContent([content])));
    expect(thrown, 'a circular request has no JSON: throw a TypeError, not a RangeError from a stack overflow').toBeInstanceOf(TypeError);
    expect((thrown as Error).message, 'the message names where the cycle closes: request.messages[0].content[0].self').toContain('request.messages[0].content[0].self');
  });

  it('rejects an array that contains itself', () => {
    const stop: unknown[] = ['a'];
    stop.push(stop);
    const thrown = thrownBy(() => canonicalJson({ stop }, 'request'));
    expect(thrown, 'an array inside itself is a cycle too').toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toContain('request.stop[1]');
  });

  it('accepts the same object twice side by side: shared is not circular', () => {
    const part = { type: 'text', text: 'hi' };
    expect(canonicalJson({ a: part, b: [part, part] }), 'an object used twice, neither inside the other, is written twice').toBe('{"a":{"text":"hi","type":"text"},"b":[{"text":"hi","type":"text"},{"text":"hi","type":"text"}]}');
  });
});
