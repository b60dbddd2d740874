import { describe, expect, it } from 'vitest';
import { cacheKey } from '@impl';

describe('cacheKey (public)', () => {
  const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }], temperature: 0 };

  it('looks like v2: and 64 hex characters', () => {
    expect(cacheKey(request)).toMatch(/^v2:[0-9a-f]{64}$/);
  });

  it('does not depend on the order of fields', () => {
    const reordered = { temperature: 0, messages: [{ content: 'hi', role: 'user' as const }], model: 'openai/gpt-4o-mini' };
    expect(cacheKey(reordered)).toBe(cacheKey(request));
  });

  it('changes with the model and ignores the user tag', () => {
    expect(cacheKey({ ...request, model: 'openai/gpt-4o' })).not.toBe(cacheKey(request));
    expect(cacheKey({ ...request, user: 'alice' })).toBe(cacheKey(request));
  });
});
