import { describe, expect, it } from 'vitest';
import { createClient } from '../src/create-client.js';
import { OfflineClient } from '../src/offline.js';
import { CANARY_KEY, errorBody, hello, manualAttemptTimeouts, rejectionOf, startFakeOpenRouter } from './helpers/fake-openrouter.js';

/** What createClient throws for this env, or undefined. */
function thrownFor(env: Record<string, string>): unknown {
  try {
    createClient({ env, onlineOptions: { sleep: async () => {} } });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('createClient reads OPENROUTER_TIMEOUT_MS and OPENROUTER_MAX_RETRIES', () => {
  it('uses OPENROUTER_TIMEOUT_MS as the per-attempt timeoutMs', async () => {
    const server = await startFakeOpenRouter([{ body: { id: 'x', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] } }]);
    try {
      const timeouts = manualAttemptTimeouts();
      await createClient({ env: { OPENROUTER_API_KEY: CANARY_KEY, OPENROUTER_BASE_URL: server.baseUrl, OPENROUTER_TIMEOUT_MS: ' 1234 ' } }).chat(hello);
      expect(timeouts.requestedMs).toEqual([1234]);
    } finally {
      await server.close();
    }
  });

  it('uses OPENROUTER_MAX_RETRIES as maxRetries, and lets onlineOptions win over it', async () => {
    const server = await startFakeOpenRouter([{ status: 503, body: errorBody(503, 'busy') }]);
    try {
      const env = { OPENROUTER_API_KEY: CANARY_KEY, OPENROUTER_BASE_URL: server.baseUrl, OPENROUTER_MAX_RETRIES: '0' };
      await rejectionOf(createClient({ env }).chat(hello));
      expect(server.requests, 'OPENROUTER_MAX_RETRIES=0: one attempt, no retry').toHaveLength(1);
      await rejectionOf(createClient({ env, onlineOptions: { maxRetries: 1, sleep: async () => {} } }).chat(hello));
      expect(server.requests, 'onlineOptions.maxRetries 1 wins: two more attempts').toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('treats blank values as unset', () => {
    expect(thrownFor({ OPENROUTER_API_KEY: CANARY_KEY, OPENROUTER_TIMEOUT_MS: '', OPENROUTER_MAX_RETRIES: '  ' })).toBeUndefined();
  });

  it.each([
    ['OPENROUTER_TIMEOUT_MS', 'abc'],
    ['OPENROUTER_TIMEOUT_MS', '0'],
    ['OPENROUTER_TIMEOUT_MS', '-5'],
    ['OPENROUTER_TIMEOUT_MS', '1.5'],
    ['OPENROUTER_TIMEOUT_MS', '2147483648'],
    ['OPENROUTER_TIMEOUT_MS', '30s'],
    ['OPENROUTER_MAX_RETRIES', 'x'],
    ['OPENROUTER_MAX_RETRIES', '-1'],
    ['OPENROUTER_MAX_RETRIES', '1.5'],
  ])('rejects %s=%j with a RangeError naming the variable, online and offline', (name, value) => {
    for (const key of [CANARY_KEY, '']) {
      const thrown = thrownFor({ OPENROUTER_API_KEY: key, [name]: value });
      expect(thrown, `${name}=${value} is a typo in .env: say so at once${key ? '' : ', even offline'}`).toBeInstanceOf(RangeError);
      expect((thrown as Error).message).toContain(name);
    }
  });

  it.each(['OPENROUTER_TIMEOUT_MS', 'OPENROUTER_MAX_RETRIES'])('never prints an API key pasted into %s', (name) => {
    for (const pasted of [CANARY_KEY, `${CANARY_KEY}0000`, 'my-own-very-secret-token-value']) {
      const message = (thrownFor({ OPENROUTER_API_KEY: CANARY_KEY, [name]: pasted }) as Error).message;
      expect(message).toContain(name);
      expect(message, 'the value is not repeated when it could be a secret').not.toContain(pasted.slice(0, 12));
    }
  });

  it('checks the variables even when the offline model is chosen', () => {
    expect(() => createClient({ env: { OPENROUTER_OFFLINE: '1', OPENROUTER_API_KEY: CANARY_KEY, OPENROUTER_MAX_RETRIES: 'two' } })).toThrow(/OPENROUTER_MAX_RETRIES/);
    expect(createClient({ env: { OPENROUTER_TIMEOUT_MS: '5000' } })).toBeInstanceOf(OfflineClient);
  });
});

describe('OfflineClient latencyMs stops at what Node can schedule', () => {
  it('rejects a latencyMs above 2^31 − 1 ms when the client is made', () => {
    expect(() => new OfflineClient({ latencyMs: 2 ** 31 })).toThrow(RangeError);
    expect(() => new OfflineClient({ latencyMs: 2 ** 31 })).toThrow(/`latencyMs`/);
    expect(() => new OfflineClient({ latencyMs: 2 ** 31 - 1 })).not.toThrow();
  });
});
