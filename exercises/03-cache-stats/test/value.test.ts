import { describe, expect, it } from 'vitest';
import { ValueLedger } from '@impl';

describe('value (public)', () => {
  it('saves the tokens and cost of hits, and a miss’s mean latency minus the hit’s own per hit', () => {
    const ledger = new ValueLedger();
    const usage = { prompt_tokens: 100, completion_tokens: 40, total_tokens: 140, cost: 0.002 };
    ledger.record('openai/gpt-4o-mini', false, 500, usage);
    ledger.record('openai/gpt-4o-mini', true, 2, usage);
    const value = ledger.summary();
    expect(value).toMatchObject({ callsAvoided: 1, tokensSaved: 140, costSavedUsd: 0.002, timeSavedMs: 498 });
    expect(Object.keys(value.byModel)).toEqual(['openai/gpt-4o-mini']);
  });

  it('saves a call but no tokens for a hit without usage, and no time before the first miss', () => {
    const ledger = new ValueLedger();
    ledger.record('openai/gpt-4o-mini', true, 1);
    expect(ledger.summary()).toMatchObject({ callsAvoided: 1, tokensSaved: 0, costSavedUsd: 0, timeSavedMs: 0 });
  });
});
