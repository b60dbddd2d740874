export type { BenchContender, BenchFn, BenchResult, BenchSuite, BenchSuiteFactory, BenchTarget, BenchTask, ContenderSetup } from './types.js';
export { compileLoop, loopTask } from './loop.js';
export type { FillableCache, LoopFactory, LoopTaskOptions } from './loop.js';
export { hexKeys } from './keys.js';
