import { describe, expect, it } from 'vitest';
import { cacheKey } from '@impl';

type Request = Parameters<typeof cacheKey>[0];
const base: Request = {
  model: 'openai/gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is a cache?' },
  ],
  temperature: 0.2,
};

describe('requests that differ only in the order of object keys get the same key [ex1.cache-key.key-order]', () => {
  it('ignores the order of top-level fields and of message fields', () => {
    const a = { model: 'm', temperature: 0.2, messages: [{ role: 'user' as const, content: 'hi' }] };
    const b = { messages: [{ content: 'hi', role: 'user' as const }], temperature: 0.2, model: 'm' };
    expect(cacheKey(b), 'the same fields in another order must give the same key').toBe(cacheKey(a));
  });

  it('ignores the order of keys in nested objects outside a JSON schema', () => {
    const request = (provider: Record<string, unknown>, jsonSchema: Record<string, unknown>) => ({
      model: 'm',
      messages: [{ role: 'user' as const, content: 'x' }],
      provider,
      response_format: { type: 'json_schema' as const, json_schema: jsonSchema as { name: string } },
    });
    const schema = { type: 'object' };
    const a = request({ order: ['a', 'b'], allow_fallbacks: false }, { name: 's', strict: true, schema });
    const b = request({ allow_fallbacks: false, order: ['a', 'b'] }, { schema, strict: true, name: 's' });
    expect(cacheKey(b), 'nested key order must not matter either, outside the schema itself').toBe(cacheKey(a));
  });
});

describe('undefined fields do not split the cache; other falsy values do [ex1.cache-key.undefined-dropped]', () => {
  it('gives a request with undefined fields the key of the request without them', () => {
    const withUndefined = { ...base, seed: undefined, messages: [base.messages[0]!, { ...base.messages[1]!, name: undefined }] };
    expect(cacheKey(withUndefined), '`seed: undefined` means the field is absent, at any level').toBe(cacheKey(base));
  });

  it.each<[string, Partial<Request>]>([
    ['temperature: 0', { temperature: 0 }],
    ['stop: []', { stop: [] }],
    ['logprobs: false', { logprobs: false } as Partial<Request>],
  ])('keeps %s apart from a request without that field', (_label, change) => {
    const { temperature: _dropped, ...withoutTemperature } = base;
    expect(cacheKey({ ...withoutTemperature, ...change } as Request), 'only undefined is dropped: 0, false and [] are values the model sees').not.toBe(cacheKey(withoutTemperature as Request));
  });
});

describe('every field that changes the answer changes the key [ex1.cache-key.answer-fields]', () => {
  it.each<[string, Partial<Request>]>([
    ['model', { model: 'openai/gpt-4o' }],
    ['temperature', { temperature: 0.3 }],
    ['top_p', { top_p: 0.9 }],
    ['top_k', { top_k: 40 }],
    ['frequency_penalty', { frequency_penalty: 0.5 }],
    ['presence_penalty', { presence_penalty: 0.5 }],
    ['repetition_penalty', { repetition_penalty: 1.1 }],
    ['seed', { seed: 7 }],
    ['stop', { stop: ['\n\n'] }],
    ['max_tokens', { max_tokens: 64 }],
    ['response_format', { response_format: { type: 'json_object' } }],
    ['tools', { tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }] }],
    ['tool_choice', { tool_choice: 'none' }],
    ['logit_bias', { logit_bias: { '50256': -100 } }],
  ])('%s', (field, change) => {
    expect(cacheKey({ ...base, ...change }), `changing \`${field}\` changes the answer, so it must change the key`).not.toBe(cacheKey(base));
  });

  it('an unknown field (future API parameters are kept, not dropped)', () => {
    const withUnknown = { ...base, some_future_parameter: 3 } as Request;
    expect(cacheKey(withUnknown), 'keep fields you do not know: a needless miss is cheaper than a wrong hit').not.toBe(cacheKey(base));
  });
});

describe('the messages count in full [ex1.cache-key.messages-in-full]', () => {
  it.each<[string, Request['messages']]>([
    ['a different user message', [base.messages[0]!, { role: 'user', content: 'What is a database?' }]],
    ['a different system prompt', [{ role: 'system', content: 'Be thorough.' }, base.messages[1]!]],
    ['a different role', [base.messages[0]!, { role: 'assistant', content: 'What is a cache?' }]],
    ['a message name', [base.messages[0]!, { role: 'user', content: 'What is a cache?', name: 'alice' }]],
    ['the messages in another order', [base.messages[1]!, base.messages[0]!]],
    ['an extra message', [...base.messages, { role: 'assistant', content: 'A fast store.' }]],
    ['a message with only whitespace added', [base.messages[0]!, { role: 'user', content: 'What is a cache? ' }]],
  ])('%s gives another key', (_label, messages) => {
    expect(cacheKey({ ...base, messages }), 'the model sees every message, role and character, so the key must too').not.toBe(cacheKey(base));
  });
});

describe('user and metadata stay out of the key, at the top level only [ex1.cache-key.ignored-fields]', () => {
  it.each<[string, Partial<Request>]>([
    ['user', { user: 'customer-42' }],
    ['metadata', { metadata: { team: 'search', trace: 'abc' } }],
  ])('%s does not change the key', (field, change) => {
    expect(cacheKey({ ...base, ...change }), `\`${field}\` is a tag for the caller, not input to the model: it must not split the cache`).toBe(cacheKey(base));
  });

  it('keeps a nested property that happens to be called user', () => {
    const withSchema = (properties: Record<string, unknown>): Request => ({
      ...base,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties } } },
    });
    expect(cacheKey(withSchema({ user: { type: 'string' } })), 'only the top-level `user` field is ignored: a schema property named user changes the answer').not.toBe(cacheKey(withSchema({})));
  });
});
