import { createServer, type Socket } from 'node:net';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createTieredCache } from '@impl';
import { freePort } from '@workbook/testkit';

function logger() {
  return { warn: vi.fn<(message: string) => void>() };
}

describe('the factory checks logger and namespace [ex4.configuration.options]', () => {
  it.each([
    ['without warn()', {}],
    ['null', null],
  ])('rejects a logger %s with a TypeError naming `logger`', async (_, log) => {
    await expect(createTieredCache({ env: {}, logger: log as never })).rejects.toThrow(TypeError);
    await expect(createTieredCache({ env: {}, logger: log as never })).rejects.toThrow('`logger`');
  });

  it.each([
    ['empty', ''],
    ['a number', 5],
  ])('rejects a namespace that is %s with a TypeError naming `namespace`', async (_, namespace) => {
    await expect(createTieredCache({ env: {}, namespace: namespace as never })).rejects.toThrow(TypeError);
    await expect(createTieredCache({ env: {}, namespace: namespace as never })).rejects.toThrow('`namespace`');
  });
});

describe('USE_REDIS ignores surrounding spaces [ex4.configuration.use-redis]', () => {
  it('USE_REDIS=" off " means memory alone', async () => {
    const log = logger();
    const cache = await createTieredCache({ env: { USE_REDIS: ' off ', REDIS_URL: 'redis://127.0.0.1:1' }, logger: log });
    expect(cache.l2Status).toBe('none');
    expect(log.warn).not.toHaveBeenCalled();
  });
});

describe('a REDIS_URL with another scheme is refused by name [ex4.configuration.redis-url]', () => {
  it.each(['http://127.0.0.1:6379', 'tcp://127.0.0.1:6379'])('REDIS_URL=%s is a TypeError naming `REDIS_URL`', async (url) => {
    await expect(createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: url } })).rejects.toThrow(TypeError);
    await expect(createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: url } })).rejects.toThrow('`REDIS_URL`');
  });
});

describe('the unreachable warning says why [ex4.configuration.unreachable]', () => {
  it('a refused connection: the warning carries the connection error', async () => {
    const log = logger();
    const port = await freePort(); // nobody listens here
    const cache = await createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: `redis://127.0.0.1:${port}` }, logger: log, connectTimeoutMs: 300 });
    onTestFinished(() => cache.close());
    expect(log.warn.mock.calls[0]?.[0], 'the warning names the cause the client saw, not only that time ran out').toMatch(/ECONNREFUSED/);
  });

  it('a server that accepts the connection and never answers: one warning that nothing answered in connectTimeoutMs', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    onTestFinished(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as { port: number };
    const log = logger();
    const cache = await createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: `redis://127.0.0.1:${port}` }, logger: log, connectTimeoutMs: 300 });
    onTestFinished(() => cache.close());
    expect(log.warn, 'a TCP connection is not an answer: the factory must check with a command (PING)').toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]![0]).toMatch(/300 ms/);
  });
});

describe('credentials are masked, not cut out [ex4.configuration.redacted]', () => {
  it('the warning shows the URL with *** where the credentials were', async () => {
    const log = logger();
    const port = await freePort();
    const cache = await createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: `redis://app:s3cret-pw@127.0.0.1:${port}` }, logger: log, connectTimeoutMs: 200 });
    onTestFinished(() => cache.close());
    expect(log.warn.mock.calls[0]![0]).toContain(`redis://***@127.0.0.1:${port}`);
  });
});
