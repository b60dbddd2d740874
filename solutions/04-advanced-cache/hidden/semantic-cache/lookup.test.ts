import { describe, expect, it } from 'vitest';
import { SemanticCache } from '@impl';
import { angle, ask, degreesFor, FakeEmbedder } from '../helpers/embedder.js';

describe('an exact repeat is answered first, without an embedding call [ex4.semantic-cache.exact-first]', () => {
  it('answers the same request with match "exact" and similarity 1', async () => {
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder() });
    await cache.set(ask('What is the capital of France?'), 'Paris');
    expect(await cache.get(ask('What is the capital of France?')), 'get() of the request set() stored').toEqual({ value: 'Paris', match: 'exact', similarity: 1, prompt: 'What is the capital of France?' });
  });

  it('does not call embed() for an exact hit', async () => {
    const embedder = new FakeEmbedder();
    const cache = new SemanticCache<string>({ embedder });
    await cache.set(ask('hello'), 'hi');
    const calls = embedder.texts.length;
    await cache.get(ask('hello'));
    expect(embedder.texts.length, 'an exact match is a map lookup: embedding it would pay for a vector you do not need').toBe(calls);
  });

  it('embeds a stored prompt once, and a looked-up prompt once', async () => {
    const embedder = new FakeEmbedder();
    const cache = new SemanticCache<string>({ embedder });
    await cache.set(ask('one'), '1');
    await cache.get(ask('two'));
    expect(embedder.texts, 'set() embeds its prompt; a get() that is no exact hit embeds its own').toEqual(['one', 'two']);
  });

  it('treats object key order as the same request', async () => {
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder() });
    await cache.set({ model: 'm', temperature: 0, messages: [{ role: 'user', content: 'x' }] }, 'v');
    const hit = await cache.get({ messages: [{ content: 'x', role: 'user' }], temperature: 0, model: 'm' });
    expect(hit?.match, 'the same request with its fields in another order').toBe('exact');
  });

  it('misses a request never stored', async () => {
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder() });
    expect(await cache.get(ask('anything'))).toBeUndefined();
  });
});

describe('a similar prompt answers when its similarity is at least the threshold [ex4.semantic-cache.threshold]', () => {
  const threshold = 0.9;
  const just = (delta: number) => degreesFor(threshold + delta);

  it('hits a prompt just above the threshold, with the similarity and the cached prompt', async () => {
    const embedder = new FakeEmbedder({ cached: angle(0), close: angle(just(0.001)) });
    const cache = new SemanticCache<string>({ embedder, threshold });
    await cache.set(ask('cached'), 'answer');
    const hit = await cache.get(ask('close'));
    expect(hit, `a prompt at similarity ${threshold + 0.001} with threshold ${threshold} is a hit`).toMatchObject({ value: 'answer', match: 'semantic', prompt: 'cached' });
    expect(hit!.similarity, 'the hit reports the cosine similarity, so callers can log it').toBeCloseTo(threshold + 0.001, 4);
  });

  it('misses a prompt just below the threshold', async () => {
    const embedder = new FakeEmbedder({ cached: angle(0), far: angle(just(-0.001)) });
    const cache = new SemanticCache<string>({ embedder, threshold });
    await cache.set(ask('cached'), 'answer');
    expect(await cache.get(ask('far')), `a prompt at similarity ${threshold - 0.001} with threshold ${threshold} is a miss`).toBeUndefined();
  });

  it('compares by cosine: the length of a vector does not matter', async () => {
    const embedder = new FakeEmbedder({ cached: angle(0).map((x) => x * 5), close: angle(10).map((x) => x * 0.2) });
    const cache = new SemanticCache<string>({ embedder, threshold: 0.98 });
    await cache.set(ask('cached'), 'answer');
    const hit = await cache.get(ask('close'));
    expect(hit?.similarity, 'normalise the vectors: cos(10°) = 0.985, whatever their lengths').toBeCloseTo(Math.cos((10 * Math.PI) / 180), 4);
  });

  it('answers at threshold 1 only a prompt with the same vector', async () => {
    const embedder = new FakeEmbedder({ a: angle(30), b: angle(30), c: angle(31) });
    const cache = new SemanticCache<string>({ embedder, threshold: 1 });
    await cache.set(ask('a'), 'A');
    expect((await cache.get(ask('b')))?.value, 'identical vectors have similarity 1, even in 32-bit floats').toBe('A');
    expect(await cache.get(ask('c'))).toBeUndefined();
  });

  it('uses the recommended threshold by default', async () => {
    const { RECOMMENDED_THRESHOLD } = await import('@impl');
    expect(new SemanticCache({ embedder: new FakeEmbedder() }).threshold).toBe(RECOMMENDED_THRESHOLD);
  });
});

describe('the nearest previous prompt answers [ex4.semantic-cache.nearest]', () => {
  it('returns the most similar of several cached prompts', async () => {
    const embedder = new FakeEmbedder({ p20: angle(20), p5: angle(5), p12: angle(12), query: angle(0) });
    const cache = new SemanticCache<string>({ embedder, threshold: 0.5 });
    for (const prompt of ['p20', 'p5', 'p12']) await cache.set(ask(prompt), prompt);
    const hit = await cache.get(ask('query'));
    expect(hit?.value, 'the cached prompt 5° away is nearer than those 12° and 20° away').toBe('p5');
  });

  it('finds the nearest among many, wherever it was stored', async () => {
    const vectors: Record<string, number[]> = { query: angle(0) };
    for (let i = 0; i < 200; i++) vectors[`p${i}`] = angle(10 + ((i * 37) % 80));
    vectors.p137 = angle(3);
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder(vectors), threshold: 0.5, maxEntries: 1000 });
    for (let i = 0; i < 200; i++) await cache.set(ask(`p${i}`), `p${i}`);
    expect((await cache.get(ask('query')))?.value).toBe('p137');
  });

  it('keeps answering after entries are deleted and their rows reused', async () => {
    const embedder = new FakeEmbedder({ a: angle(40), b: angle(2), c: angle(20), query: angle(0) });
    const cache = new SemanticCache<string>({ embedder, threshold: 0.5 });
    await cache.set(ask('a'), 'a');
    await cache.set(ask('b'), 'b');
    expect(cache.delete(ask('b')), 'delete() says whether there was an entry').toBe(true);
    await cache.set(ask('c'), 'c');
    expect((await cache.get(ask('query')))?.value, 'a deleted prompt never answers; the new one does').toBe('c');
  });

  it('forgets everything on clear()', async () => {
    const embedder = new FakeEmbedder({ a: angle(0), query: angle(1) });
    const cache = new SemanticCache<string>({ embedder, threshold: 0.5 });
    await cache.set(ask('a'), 'a');
    cache.clear();
    expect(cache.size).toBe(0);
    expect(await cache.get(ask('a'))).toBeUndefined();
    expect(await cache.get(ask('query'))).toBeUndefined();
  });
});
