import { describe, expect, it } from 'vitest';
import { RedisLock } from '@impl';

/** A stand-in for a node-redis client: these checks happen before any command is sent. */
function fakeClient() {
  const sent: unknown[] = [];
  return { sent, set: async (...args: unknown[]) => void sent.push(args), eval: async () => 0 };
}

describe('RedisLock checks its arguments [ex4.distributed-lock.acquire]', () => {
  it.each([
    ['an empty object', {}],
    ['a client without eval', { set: async () => 'OK' }],
    ['a client without set', { eval: async () => 0 }],
    ['null', null],
  ])('rejects %s as the client with a TypeError naming `client`', (_, client) => {
    expect(() => new RedisLock(client as never)).toThrow(TypeError);
    expect(() => new RedisLock(client as never)).toThrow('`client`');
  });

  it('rejects a prefix that is not a string with a TypeError naming `prefix`', () => {
    expect(() => new RedisLock(fakeClient() as never, { prefix: 5 as never })).toThrow(TypeError);
    expect(() => new RedisLock(fakeClient() as never, { prefix: 5 as never })).toThrow('`prefix`');
  });

  it.each([0, -1, 1.5, Number.NaN])('acquire() rejects a ttlMs of %s with a RangeError naming `ttlMs`, sending nothing', async (ttlMs) => {
    const client = fakeClient();
    const lock = new RedisLock(client as never);
    await expect(lock.acquire('k', ttlMs)).rejects.toThrow(RangeError);
    await expect(lock.acquire('k', ttlMs)).rejects.toThrow('`ttlMs`');
    expect(client.sent, 'Redis PX takes a positive whole number of milliseconds').toEqual([]);
  });
});
