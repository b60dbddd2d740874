import { describe, expect, it } from 'vitest';
import { SemanticCache } from '@impl';
import { angle, ask, FakeEmbedder } from '../helpers/embedder.js';

const vectors = { a: angle(0), b: angle(40), c: angle(80), nearA: angle(1), nearB: angle(41), nearC: angle(81) };

describe('entries live ttlMs on the injected clock [ex4.semantic-cache.ttl]', () => {
  it('answers exactly and by similarity until ttlMs has passed, and no longer', async () => {
    let now = 0;
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder(vectors), threshold: 0.9, ttlMs: 1000, now: () => now });
    await cache.set(ask('a'), 'A');
    now = 999;
    expect((await cache.get(ask('a')))?.value, 'at t=999 an entry written at t=0 with ttlMs=1000 is live').toBe('A');
    expect((await cache.get(ask('nearA')))?.value, 'and answers similar prompts').toBe('A');
    now = 1000;
    expect(await cache.get(ask('nearA')), 'at t=1000 it has expired: no semantic hit').toBeUndefined();
    expect(await cache.get(ask('a')), 'nor an exact one').toBeUndefined();
  });

  it('takes a per-entry ttlMs in set()', async () => {
    let now = 0;
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder(vectors), threshold: 0.9, ttlMs: 1000, now: () => now });
    await cache.set(ask('a'), 'A', { ttlMs: 10 });
    now = 10;
    expect(await cache.get(ask('a'))).toBeUndefined();
  });

  it('restarts the time to live when the same request is stored again', async () => {
    let now = 0;
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder(vectors), threshold: 0.9, ttlMs: 1000, now: () => now });
    await cache.set(ask('a'), 'old');
    now = 500;
    await cache.set(ask('a'), 'new');
    now = 1499;
    expect((await cache.get(ask('nearA')))?.value).toBe('new');
    expect(cache.size, 'one request, one entry').toBe(1);
  });
});

describe('at maxEntries, a new entry replaces an expired one, else the least recently used [ex4.semantic-cache.capacity]', () => {
  it('never holds more than maxEntries', async () => {
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder(), maxEntries: 3 });
    for (let i = 0; i < 10; i++) await cache.set(ask(`p${i}`), `${i}`);
    expect(cache.size).toBe(3);
  });

  it('evicts the least recently used: a semantic hit counts as a use', async () => {
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder(vectors), threshold: 0.9, maxEntries: 2 });
    await cache.set(ask('a'), 'A');
    await cache.set(ask('b'), 'B');
    await cache.get(ask('nearA'));
    await cache.set(ask('c'), 'C');
    expect((await cache.get(ask('nearA')))?.value, 'a was used after b was stored: b goes').toBe('A');
    expect(await cache.get(ask('nearB')), 'b, the least recently used, was evicted').toBeUndefined();
    expect((await cache.get(ask('c')))?.value).toBe('C');
  });

  it('gives up an expired entry before a live one', async () => {
    let now = 0;
    const cache = new SemanticCache<string>({ embedder: new FakeEmbedder(vectors), threshold: 0.9, maxEntries: 2, now: () => now });
    await cache.set(ask('a'), 'A', { ttlMs: 100 });
    await cache.set(ask('b'), 'B');
    await cache.get(ask('a'));
    now = 100;
    await cache.set(ask('c'), 'C');
    expect((await cache.get(ask('nearB')))?.value, 'b is live and stays; the expired a makes room').toBe('B');
  });
});
