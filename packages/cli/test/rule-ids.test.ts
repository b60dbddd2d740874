import { describe, expect, it } from 'vitest';
import { namedRules, statedRules, taskOf } from './authoring/rules.js';

describe('rule ids in the exercise guides', () => {
  it('are collected per exercise section, in backticks only', () => {
    const md = ['# Exercise 1 — x', '- `ex1.ttl-cache.boundary` An entry …', 'See ex1.ttl-cache.loose (no backticks).', '# Exercise 2 — y', '| `ex2.persistence.restart` | … |', '# Going further', '`ex9.a.b`'].join('\n');
    const rules = statedRules(md);
    expect([...rules.get(1)!]).toEqual(['ex1.ttl-cache.boundary']);
    expect([...rules.get(2)!]).toEqual(['ex2.persistence.restart']);
    expect([...rules.get(0)!], 'ids outside any exercise section are kept apart').toEqual(['ex9.a.b']);
  });

  it('ignores the starters’ two-part TODO tags', () => {
    expect(statedRules('# Exercise 1\n`TODO(ex1.cache-key)` and `ex1.cache-key`').size).toBe(0);
  });
});

describe('rule ids in test names', () => {
  it('are read from square brackets, one or several', () => {
    expect(namedRules('an entry lives its ttl [ex1.ttl-cache.boundary] > is gone at t=1000')).toEqual(['ex1.ttl-cache.boundary']);
    expect(namedRules('keys [ex1.cache-key.sorted, ex1.cache-key.undefined] > same key')).toEqual(['ex1.cache-key.sorted', 'ex1.cache-key.undefined']);
  });

  it('are not read from brackets that hold something else', () => {
    expect(namedRules('handles [1, 2, 3] and [ex1] > ok')).toEqual([]);
  });

  it('name their task in the middle part', () => {
    expect(taskOf('ex4.distributed-lock.token')).toBe('distributed-lock');
  });
});
