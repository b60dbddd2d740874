import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cacheKey } from '@impl';

const base = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the key format', () => {
  it('is the schema version, a colon, and 64 lowercase hex characters', () => {
    expect(cacheKey(base), 'expected `v1:` followed by a SHA-256 hex digest').toMatch(/^v1:[0-9a-f]{64}$/);
  });

  it('hashes the canonical JSON: keys sorted at every level, no whitespace', () => {
    const canonical = '{"messages":[{"content":"hi","role":"user"}],"model":"openai/gpt-4o-mini"}';
    expect(cacheKey(base), `expected v1:sha256(${canonical})`).toBe(`v1:${sha256(canonical)}`);
  });

  it('is the same for the same request every time', () => {
    expect(cacheKey(structuredClone(base))).toBe(cacheKey(base));
  });

  it('does not change the request it reads', () => {
    const request = { ...base, user: 'u1', temperature: undefined };
    const before = structuredClone(request);
    cacheKey(request);
    expect(request, 'cacheKey must not mutate its argument').toEqual(before);
  });
});
