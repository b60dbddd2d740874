import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { manualClock, nextMessage, PROCESS_TEST_TIMEOUT_MS, spawnTs, waitFor } from '../src/index.js';

const echo = fileURLToPath(new URL('./fixtures/echo-child.ts', import.meta.url));

// A child process starts tsx and compiles its file: seconds on a busy machine, so these tests get the kit's limit.
describe('spawnTs', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('runs a TypeScript file with arguments and an IPC channel', async () => {
    const child = spawnTs(echo, ['a', 'b']);
    child.send({ hello: 'world' });
    const reply = await nextMessage(child, (m): m is { type: 'echo'; args: string[]; message: unknown; doubled: number } => (m as { type?: string }).type === 'echo');
    expect(reply).toEqual({ type: 'echo', args: ['a', 'b'], message: { hello: 'world' }, doubled: 42 });
    await new Promise((resolve) => child.once('exit', resolve));
  });

  it('nextMessage rejects when the child exits without sending the message', async () => {
    const child = spawnTs(echo);
    const never = nextMessage(child, (m): m is never => false);
    child.send('x');
    await expect(never).rejects.toThrow(/exited/);
  });
});

describe('manualClock', () => {
  it('moves only when told', () => {
    const clock = manualClock(100);
    expect(clock.now()).toBe(100);
    clock.advance(50);
    expect(clock.now()).toBe(150);
    clock.set(0);
    expect(clock.now()).toBe(0);
  });
});

describe('waitFor', () => {
  it('resolves once the condition holds', async () => {
    let n = 0;
    await waitFor(() => ++n >= 3, 'three polls', { intervalMs: 1 });
    expect(n).toBe(3);
  });

  it('names what it waited for when it gives up', async () => {
    await expect(waitFor(() => false, 'Godot', { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow('waited 30 ms for Godot');
  });
});
