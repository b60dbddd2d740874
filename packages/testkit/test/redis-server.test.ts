import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRedis, findRedisServer, freePort, redisAvailable, redisSkipReason, startRedis, type RedisServer } from '../src/index.js';

/**
 * Sends a raw PING; resolves with the reply line, or `undefined` when nothing answers within `timeoutMs`. A closed
 * port answers at once (refused), so the long default only ever waits on a live server slowed by a busy machine.
 */
function ping(port: number, timeoutMs = 10_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (reply: string | undefined): void => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString().trim()));
  });
}

describe('redisSkipReason', () => {
  it('runs Redis tests wherever a redis-server binary is found', () => {
    expect(redisSkipReason({ PATH: '', REDIS_SERVER: process.execPath })).toBeUndefined();
  });

  it('skips with a message saying how to install Redis when the binary is missing', () => {
    expect(redisSkipReason({ PATH: '' })).toMatch(/redis-server not found.*install/);
    expect(redisAvailable({ PATH: '' })).toBe(false);
  });

  it('never skips under CI=true, so a missing binary fails the run loudly', () => {
    expect(redisSkipReason({ PATH: '', CI: 'true' })).toBeUndefined();
  });

  it('finds nothing on an empty PATH', () => {
    expect(findRedisServer({ PATH: '' })).toBeUndefined();
  });

  it('startRedis rejects, naming the binary, when it cannot run', async () => {
    await expect(startRedis({ binary: '/nonexistent/redis-server', startTimeoutMs: 500 })).rejects.toThrow('could not run /nonexistent/redis-server');
  });
});

describe('freePort', () => {
  it('returns a port nobody listens on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(await ping(port)).toBeUndefined();
  });
});

describeRedis('startRedis', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers PING on a loopback port of its own, never 6379', async () => {
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(server.port).not.toBe(6379);
    expect(await ping(server.port)).toBe('+PONG');
  });

  it('kill() stops answering, restart() answers again on the same port', async () => {
    await server.kill();
    expect(server.pid).toBeUndefined();
    expect(await ping(server.port)).toBeUndefined();
    await server.restart();
    expect(await ping(server.port)).toBe('+PONG');
  });

  it('pause() accepts connections without answering; resume() answers what was sent meanwhile', async () => {
    server.pause();
    const pending = ping(server.port);
    expect(await ping(server.port, 200)).toBeUndefined();
    server.resume();
    expect(await pending).toBe('+PONG');
  });

  it('stop() ends the server and removes its folder', async () => {
    const own = await startRedis();
    expect(existsSync(own.dir)).toBe(true);
    await own.stop();
    expect(existsSync(own.dir)).toBe(false);
    expect(await ping(own.port)).toBeUndefined();
    await own.stop();
  });
});
