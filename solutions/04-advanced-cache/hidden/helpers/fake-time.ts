import { expect, vi } from 'vitest';

/**
 * On fake timers (`vi.useFakeTimers()`), checks that a call held up by a hung L2 is still waiting 1 ms before
 * `l2TimeoutMs` and has answered `expected` at `l2TimeoutMs`: the wait costs exactly one l2TimeoutMs, whatever
 * the machine's speed.
 */
export async function expectAnswerAtL2Timeout<T>(call: Promise<T>, l2TimeoutMs: number, expected: T): Promise<void> {
  let answer: T | undefined;
  call.then((value) => (answer = value), () => {});
  await vi.advanceTimersByTimeAsync(l2TimeoutMs - 1);
  expect(answer, `before l2TimeoutMs (${l2TimeoutMs} ms), the call still waits for L2`).toBeUndefined();
  await vi.advanceTimersByTimeAsync(1);
  expect(answer, `at l2TimeoutMs (${l2TimeoutMs} ms), the call gives up on L2 and goes on without it`).toEqual(expected);
}
