import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeRedis, nextMessage, spawnTs, startRedis, type RedisServer } from '@workbook/testkit';
import type { ChildProcess } from 'node:child_process';
import { implPath } from '@workbook/testkit';

const app = fileURLToPath(new URL('../helpers/child-app.ts', import.meta.url));

interface Result {
  type: 'result';
  computed: boolean;
  value: string;
}

describeRedis('three real processes, one upstream call [ex4.distributed-lock.one-upstream-call]', () => {
  let server: RedisServer;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await server?.stop();
  });

  // Three tsx processes start and load the implementation at once: on a busy 2-core machine that alone can take
  // most of a minute, so this test gets a generous limit. It only stops a hang; it is no speed claim.
  it('three processes asking for the same missing key at once: one of them computes', { timeout: 180_000 }, async () => {
    const impl = implPath();
    for (let i = 0; i < 3; i++) children.push(spawnTs(app, [impl, server.url, 'shared-prompt']));
    const ready = await Promise.all(children.map((child) => nextMessage(child, (m): m is { type: 'ready'; l2Status: string } => (m as { type?: string }).type === 'ready')));
    expect(ready.map((r) => r.l2Status), 'each process must be connected to Redis').toEqual(['up', 'up', 'up']);
    const results = children.map((child) => nextMessage(child, (m): m is Result => (m as { type?: string }).type === 'result'));
    for (const child of children) child.send('go');
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((o) => o.computed), 'exactly one process may call upstream').toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.value)).size, 'all three processes answer with the same value').toBe(1);
  });
});
