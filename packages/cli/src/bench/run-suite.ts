import { Bench } from 'tinybench';
import type { BenchContender, BenchResult, BenchSuite, BenchTask } from './types.js';

export interface BenchTiming {
  /** Measuring time per contender, in ms. */
  timeMs: number;
  /** Warm-up time per contender, in ms. */
  warmupMs: number;
}

/** Runs every task of a suite; each contender is set up, measured, then torn down. */
export async function runSuite(suite: BenchSuite, timing: BenchTiming): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const task of suite.tasks) results.push(...(await runTask(suite, task, timing)));
  return results;
}

async function runTask(suite: BenchSuite, task: BenchTask, timing: BenchTiming): Promise<BenchResult[]> {
  const baseline = task.baseline ?? suite.baseline;
  if (!(baseline in task.contenders)) throw new Error(`bench ${suite.suite}/${task.name}: baseline ${baseline} is not a contender`);
  const ops = new Map<string, number>();
  for (const [name, setup] of Object.entries(task.contenders)) {
    const prepared = await setup();
    const contender: BenchContender = typeof prepared === 'function' ? { fn: prepared } : prepared;
    // One Bench per contender, so no contender's garbage is collected on another's clock.
    const bench = new Bench({ time: timing.timeMs, warmupTime: timing.warmupMs, throws: true });
    bench.add(name, contender.fn);
    await bench.run();
    const result = bench.tasks[0]?.result;
    if (!result || !('throughput' in result)) throw new Error(`bench ${suite.suite}/${task.name}/${name} produced no result`);
    ops.set(name, result.throughput.mean * (contender.opsPerCall ?? task.opsPerCall ?? 1));
    await contender.teardown?.();
  }
  const base = ops.get(baseline)!;
  return [...ops].map(([contender, opsPerSec]) => ({ suite: suite.suite, task: task.name, contender, opsPerSec: Math.round(opsPerSec), ratio: Math.round((opsPerSec / base) * 100) / 100 }));
}
