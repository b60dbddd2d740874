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

describe('every field that changes the answer changes the key', () => {
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

describe('the messages count in full', () => {
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

describe('fields that cannot change the answer stay out of the key', () => {
  it.each<[string, Partial<Request>]>([
    ['user', { user: 'customer-42' }],
    ['metadata', { metadata: { team: 'search', trace: 'abc' } }],
  ])('%s', (field, change) => {
    expect(cacheKey({ ...base, ...change }), `\`${field}\` is a tag for the caller, not input to the model: it must not split the cache`).toBe(cacheKey(base));
  });
});
