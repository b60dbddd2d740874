import { describe, expect, it } from 'vitest';
import { OTHER_MODELS, ValueLedger } from '@impl';

const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, cost: 0.01 };

describe('ValueLedger', () => {
  it('records hits and misses given directly', () => {
    const ledger = new ValueLedger();
    ledger.record('m', false, 100, usage);
    ledger.record('m', true, 1, usage);
    expect(ledger.summary()).toMatchObject({ requests: 2, callsAvoided: 1, tokensSaved: 15, tokensPaid: 15, costSavedUsd: 0.01, costPaidUsd: 0.01, timeSavedMs: 99 });
  });

  it('treats nonsense token counts as 0 instead of failing', () => {
    const ledger = new ValueLedger();
    expect(() => ledger.record('m', true, 1, { prompt_tokens: -5, completion_tokens: Number.NaN, total_tokens: 0 })).not.toThrow();
    expect(ledger.summary()).toMatchObject({ callsAvoided: 1, tokensSaved: 0, costSavedUsd: 0 });
  });

  it('tracks at most maxModels models one by one and adds the rest up under OTHER_MODELS', () => {
    const ledger = new ValueLedger({ maxModels: 2 });
    for (const model of ['a', 'b', 'c', 'd', 'a']) ledger.record(model, true, 1, usage);
    const { byModel } = ledger.summary();
    expect(Object.keys(byModel).sort()).toEqual(['(other)', 'a', 'b']);
    expect(byModel['a']!.callsAvoided).toBe(2);
    expect(byModel[OTHER_MODELS]!.callsAvoided, 'c and d').toBe(2);
  });

  it('rejects maxModels 0 with a RangeError naming `maxModels`', () => {
    expect(() => new ValueLedger({ maxModels: 0 })).toThrow(RangeError);
    expect(() => new ValueLedger({ maxModels: 0 })).toThrow(/`maxModels`/);
  });

  it('forgets everything on reset()', () => {
    const ledger = new ValueLedger();
    ledger.record('m', true, 1, usage);
    ledger.reset();
    expect(ledger.summary()).toMatchObject({ requests: 0, callsAvoided: 0, byModel: {} });
  });
});
