import { describe, expect, it } from 'vitest';
import { createClient, isOfflineEnv } from '../src/create-client.js';
import { OpenRouterClient } from '../src/http.js';
import { OfflineClient } from '../src/offline.js';
import { CANARY_KEY, completion, hello, startFakeOpenRouter } from './helpers/fake-openrouter.js';

describe('createClient', () => {
  it.each<[string, Record<string, string | undefined>]>([
    ['no key is set', {}],
    ['the key is empty', { OPENROUTER_API_KEY: '' }],
    ['the key is blank', { OPENROUTER_API_KEY: '  ' }],
    ['OPENROUTER_OFFLINE is 1', { OPENROUTER_API_KEY: CANARY_KEY, OPENROUTER_OFFLINE: '1' }],
    ['OPENROUTER_OFFLINE is TRUE', { OPENROUTER_API_KEY: CANARY_KEY, OPENROUTER_OFFLINE: 'TRUE' }],
  ])('is offline when %s', (_name, env) => {
    const client = createClient({ env });
    expect(client.mode).toBe('offline');
    expect(client).toBeInstanceOf(OfflineClient);
    expect(isOfflineEnv(env)).toBe(true);
  });

  it.each<[string, Record<string, string | undefined>]>([
    ['a key is set', { OPENROUTER_API_KEY: CANARY_KEY }],
    ['a key is set and OPENROUTER_OFFLINE is 0', { OPENROUTER_API_KEY: CANARY_KEY, OPENROUTER_OFFLINE: '0' }],
    ['a key is set and OPENROUTER_OFFLINE is false', { OPENROUTER_API_KEY: CANARY_KEY, OPENROUTER_OFFLINE: 'false' }],
  ])('is online when %s', (_name, env) => {
    const client = createClient({ env });
    expect(client.mode).toBe('online');
    expect(client).toBeInstanceOf(OpenRouterClient);
    expect(isOfflineEnv(env)).toBe(false);
  });

  it('is offline when offline: true, even with a key', () => {
    expect(createClient({ apiKey: CANARY_KEY, offline: true, env: {} }).mode).toBe('offline');
  });

  it('prefers options.apiKey over the environment', () => {
    expect(createClient({ apiKey: CANARY_KEY, env: {} }).mode).toBe('online');
    expect(createClient({ apiKey: '', env: { OPENROUTER_API_KEY: CANARY_KEY } }).mode).toBe('offline');
  });

  it('passes offlineOptions to the offline model', async () => {
    const delays: number[] = [];
    const client = createClient({ env: {}, offlineOptions: { latencyMs: 7, sleep: async (ms) => void delays.push(ms) } });
    await client.chat(hello);
    expect(delays).toEqual([7]);
    expect(client.calls).toBe(1);
  });

  it('sends online requests to OPENROUTER_BASE_URL with the trimmed key', async () => {
    const server = await startFakeOpenRouter([{ body: completion() }]);
    try {
      const client = createClient({
        env: { OPENROUTER_API_KEY: ` ${CANARY_KEY}\r\n`, OPENROUTER_BASE_URL: server.baseUrl },
      });
      await client.chat(hello);
      expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${CANARY_KEY}`);
      expect(client.calls).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('lets onlineOptions.baseUrl win over OPENROUTER_BASE_URL', async () => {
    const server = await startFakeOpenRouter([{ body: completion() }]);
    try {
      const client = createClient({
        env: { OPENROUTER_API_KEY: CANARY_KEY, OPENROUTER_BASE_URL: 'http://127.0.0.1:9/nowhere' },
        onlineOptions: { baseUrl: server.baseUrl },
      });
      await client.chat(hello);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('reads process.env when no env is given', () => {
    expect(createClient().mode).toBe(isOfflineEnv() ? 'offline' : 'online');
  });
});
