import { describe, expect, it } from 'vitest';
import { SemanticCache } from '@impl';
import { angle, ask, FakeEmbedder } from '../helpers/embedder.js';

describe('options are checked, naming the option [ex4.semantic-cache.options]', () => {
  const embedder = new FakeEmbedder();

  it('rejects a missing embedder with a TypeError naming `embedder`', () => {
    expect(() => new SemanticCache({} as never)).toThrow(TypeError);
    expect(() => new SemanticCache({ embedder: {} } as never)).toThrow('`embedder`');
  });

  it.each([0, -0.5, 1.01, Number.NaN])('rejects threshold %s with a RangeError naming `threshold`', (threshold) => {
    expect(() => new SemanticCache({ embedder, threshold })).toThrow(RangeError);
    expect(() => new SemanticCache({ embedder, threshold })).toThrow('`threshold`');
  });

  it('rejects a threshold that is not a number with a TypeError', () => {
    expect(() => new SemanticCache({ embedder, threshold: '0.9' as never })).toThrow(TypeError);
  });

  it.each([
    ['ttlMs', { ttlMs: 0 }],
    ['ttlMs', { ttlMs: -1 }],
    ['maxEntries', { maxEntries: 0 }],
    ['maxEntries', { maxEntries: 2.5 }],
    ['dimensions', { dimensions: 0 }],
  ])('rejects a bad %s with a RangeError naming it', (name, options) => {
    expect(() => new SemanticCache({ embedder, ...options })).toThrow(RangeError);
    expect(() => new SemanticCache({ embedder, ...options })).toThrow(`\`${name}\``);
  });

  it('rejects a `now` that is not a function with a TypeError', () => {
    expect(() => new SemanticCache({ embedder, now: 5 as never })).toThrow(TypeError);
  });

  it('rejects a per-entry ttlMs of 0 with a RangeError naming `ttlMs`', async () => {
    const cache = new SemanticCache<string>({ embedder });
    await expect(cache.set(ask('x'), 'v', { ttlMs: 0 })).rejects.toThrow('`ttlMs`');
  });

  it('passes embedModel and dimensions to embed()', async () => {
    const seen: unknown[] = [];
    const spy = { embed: async (input: string | string[], options?: unknown) => (seen.push(options), new FakeEmbedder().embed(input)) };
    const cache = new SemanticCache<string>({ embedder: spy, embedModel: 'openai/text-embedding-3-small', dimensions: 16 });
    await cache.set(ask('x'), 'v');
    expect(seen[0]).toMatchObject({ model: 'openai/text-embedding-3-small', dimensions: 16 });
  });
});

describe('a failing embedder never fails a call [ex4.semantic-cache.embed-failure]', () => {
  it('turns a lookup into a miss, counted in stats.embedErrors', async () => {
    const embedder = new FakeEmbedder({ a: angle(0), nearA: angle(1) });
    const cache = new SemanticCache<string>({ embedder, threshold: 0.9 });
    await cache.set(ask('a'), 'A');
    embedder.failing = true;
    expect(await cache.get(ask('nearA')), 'no vector, no similarity: a miss, not an error').toBeUndefined();
    expect(cache.stats.embedErrors).toBe(1);
  });

  it('still stores the entry for exact matches', async () => {
    const embedder = new FakeEmbedder();
    const cache = new SemanticCache<string>({ embedder });
    embedder.failing = true;
    await cache.set(ask('a'), 'A');
    embedder.failing = false;
    expect((await cache.get(ask('a')))?.match, 'an exact match needs no vector').toBe('exact');
  });

  it('counts exact hits, semantic hits and misses', async () => {
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder({ a: angle(0), nearA: angle(1) }), threshold: 0.9 });
    await cache.set(ask('a'), 'A');
    await cache.get(ask('a'));
    await cache.get(ask('nearA'));
    await cache.get(ask('other'));
    expect(cache.stats).toEqual({ exactHits: 1, semanticHits: 1, misses: 1, embedErrors: 0 });
  });

  it('still rejects when the caller aborts', async () => {
    const embedder = { embed: async (_: string | string[], options?: { signal?: AbortSignal }) => Promise.reject(options?.signal?.reason ?? new Error('no signal')) };
    const cache = new SemanticCache<string>({ embedder });
    await cache.set(ask('seed'), 'v').catch(() => {});
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    await expect(cache.set(ask('x'), 'v', { signal: controller.signal }), 'an abort the caller asked for is theirs to see').rejects.toThrow('caller gave up');
  });
});
