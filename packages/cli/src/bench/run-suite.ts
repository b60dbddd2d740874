import { Bench } from 'tinybench';
import type { BenchContender, BenchResult, BenchSuite, BenchTask } from './types.js';

export interface BenchTiming {
  /** Measuring time per contender, in ms. */
  timeMs: number;
  /** Warm-up time per contender, in ms. */
  warmupMs: number;
}

/** Figures of one contender, or why it has none. */
type Measured = Pick<BenchResult, 'opsPerCall' | 'meanMs' | 'p99Ms'> & { opsPerSec: number } | { error: string };

/**
 * Runs every task of a suite; each contender is set up, measured, then torn down. A contender that throws (a
 * starter's TODO, say) becomes a row with its error, and the run goes on; a suite with `skip` measures nothing.
 */
export async function runSuite(suite: BenchSuite, timing: BenchTiming): Promise<BenchResult[]> {
  if (suite.skip !== undefined) return [];
  const results: BenchResult[] = [];
  for (const task of suite.tasks) results.push(...(await runTask(suite, task, timing)));
  return results;
}

async function runTask(suite: BenchSuite, task: BenchTask, timing: BenchTiming): Promise<BenchResult[]> {
  const baseline = task.baseline ?? suite.baseline;
  if (!(baseline in task.contenders)) throw new Error(`bench ${suite.suite}/${task.name}: baseline ${baseline} is not a contender`);
  const measured = new Map<string, Measured>();
  for (const [name, setup] of Object.entries(task.contenders)) {
    let contender: BenchContender | undefined;
    try {
      const prepared = await setup();
      contender = typeof prepared === 'function' ? { fn: prepared } : prepared;
      measured.set(name, await measure(name, contender, task, timing));
    } catch (error) {
      measured.set(name, { error: describeError(error) });
    } finally {
      // A teardown that fails too has nothing to add to the row's first error.
      await Promise.resolve(contender?.teardown?.()).catch(() => {});
    }
  }
  const base = measured.get(baseline)!;
  return [...measured].map(([contender, m]) => {
    const row = { suite: suite.suite, task: task.name, contender };
    if ('error' in m) return { ...row, opsPerSec: null, ratio: null, error: m.error };
    const ratio = 'error' in base ? null : Math.round((m.opsPerSec / base.opsPerSec) * 100) / 100;
    // Whole operations per second, except for operations so slow that rounding would hide the figure.
    const opsPerSec = m.opsPerSec >= 100 ? Math.round(m.opsPerSec) : Math.round(m.opsPerSec * 100) / 100;
    return { ...row, ...m, opsPerSec, ratio };
  });
}

async function measure(name: string, contender: BenchContender, task: BenchTask, timing: BenchTiming): Promise<Measured> {
  // One Bench per contender, so no contender's garbage is collected on another's clock.
  const bench = new Bench({ time: timing.timeMs, warmupTime: timing.warmupMs, throws: true });
  bench.add(name, contender.fn);
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (!result || !('throughput' in result)) throw new Error(`produced no result (${result?.state ?? 'not run'})`);
  const opsPerCall = contender.opsPerCall ?? task.opsPerCall ?? 1;
  return { opsPerSec: result.throughput.mean * opsPerCall, opsPerCall, meanMs: result.latency.mean, p99Ms: result.latency.p99 };
}

/**
 * What a row says instead of figures: a starter's `TODO(ex1.task)` error is "not implemented yet (ex1.task)";
 * anything else is the first line of its message, which is what names the problem.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const todo = /^TODO\(([^)]+)\)/.exec(message);
  if (todo) return `not implemented yet (${todo[1]})`;
  const first = message.split('\n', 1)[0]!.trim() || (error instanceof Error ? error.name : 'threw');
  return first.length > 100 ? `${first.slice(0, 99)}…` : first;
}
