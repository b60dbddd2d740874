import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cacheKey } from '@impl';

const base = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the key is the schema version, a colon and 64 lowercase hex characters [ex1.cache-key.format]', () => {
  it('matches /^v2:[0-9a-f]{64}$/', () => {
    expect(cacheKey(base), 'expected `v2:` followed by a SHA-256 hex digest').toMatch(/^v2:[0-9a-f]{64}$/);
  });
});

describe('the key hashes the canonical JSON of the request [ex1.cache-key.canonical-text]', () => {
  it('is v2: + sha256 of the canonical text of the example request', () => {
    const canonical = '{"messages":[{"content":"hi","role":"user"}],"model":"openai/gpt-4o-mini"}';
    expect(cacheKey(base), `expected v2:sha256(${canonical})`).toBe(`v2:${sha256(canonical)}`);
  });

  it('hashes the request without user and metadata', () => {
    const canonical = '{"messages":[{"content":"hi","role":"user"}],"model":"openai/gpt-4o-mini","temperature":0}';
    const request = { ...base, temperature: 0, user: 'u1', metadata: { team: 'search' } };
    expect(cacheKey(request), `expected v2:sha256(${canonical}): user and metadata are left out before hashing`).toBe(`v2:${sha256(canonical)}`);
  });
});

describe('the same request always gives the same key [ex1.cache-key.stable]', () => {
  it('gives the same key twice, and for a structuredClone', () => {
    expect(cacheKey(base), 'cacheKey is a pure function of the request').toBe(cacheKey(base));
    expect(cacheKey(structuredClone(base)), 'a copy of the request is the same request').toBe(cacheKey(base));
  });
});

describe('cacheKey does not change the request it reads [ex1.cache-key.no-side-effects]', () => {
  it('leaves the request as it was, ignored and undefined fields included', () => {
    const request = { ...base, user: 'u1', metadata: { trace: 'abc' }, temperature: undefined };
    const before = structuredClone(request);
    cacheKey(request);
    expect(request, 'cacheKey must not mutate its argument: build a filtered copy').toStrictEqual(before);
    expect(Object.keys(request), 'not even by deleting a field whose value is undefined').toEqual(Object.keys(before));
  });
});
