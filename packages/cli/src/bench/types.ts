/** One measured call; for a fast operation, do a batch per call and say how many in `opsPerCall`. */
export type BenchFn = () => unknown;

/** A prepared contender: the function to measure, and what to release afterwards. */
export interface BenchContender {
  fn: BenchFn;
  /** Operations one call of `fn` performs, when it differs from the task's. @default the task's `opsPerCall` */
  opsPerCall?: number;
  teardown?: () => unknown;
}

/** Builds a contender's state (say, a cache filled with 10k entries) before it is measured. */
export type ContenderSetup = () => BenchFn | BenchContender | Promise<BenchFn | BenchContender>;

export interface BenchTask {
  /** e.g. `get-hit`. */
  name: string;
  /** Operations one call of a contender's function performs; ops/s is calls/s × this. @default 1 */
  opsPerCall?: number;
  /** The contender every ratio in this task is relative to. @default the suite's baseline */
  baseline?: string;
  contenders: Record<string, ContenderSetup>;
}

/**
 * A target the reference should meet, checked in the same run: `contender` ≥ `minRatio` × the baseline, and/or at
 * least `minOpsPerSec` operations per second (an absolute budget, such as 2 ms per lookup = 500 ops/s).
 */
export interface BenchTarget {
  task: string;
  contender: string;
  minRatio?: number;
  minOpsPerSec?: number;
}

/** A suite of tasks built around one implementation under test. */
export interface BenchSuite {
  /** e.g. `ttl-cache`. */
  suite: string;
  /** The peer every ratio is measured against, e.g. `lru-cache`. */
  baseline: string;
  tasks: BenchTask[];
  targets?: BenchTarget[];
  /** Why this suite cannot run on this machine (say, no `redis-server`); its tasks are then not measured. */
  skip?: string;
}

/**
 * What `exercises/NN-name/bench/*.bench.ts` exports by default: builds the suite around `impl`, the exercise's
 * module under test (the student's `src/`, or the reference solution's), whose contender is called `subject`.
 * The factory only closes over `impl`; it calls it inside contender setups, so unfinished code fails one row, not
 * the suite.
 */
export type BenchSuiteFactory<Impl> = (impl: Impl, subject: string) => BenchSuite;

/** One row of `pnpm bench --json`. A contender that threw has no figures, only `error`. */
export interface BenchResult {
  suite: string;
  task: string;
  contender: string;
  /** Operations per second; null when the contender threw. */
  opsPerSec: number | null;
  /** `opsPerSec` over the baseline's; null when either threw. */
  ratio: number | null;
  /** Operations one measured call performs. @default 1 */
  opsPerCall?: number;
  /** Mean and 99th-percentile time of one measured call, in ms. */
  meanMs?: number;
  p99Ms?: number;
  /** Why there are no figures: "not implemented yet (ex1.ttl-cache)", or the first line of what was thrown. */
  error?: string;
}
