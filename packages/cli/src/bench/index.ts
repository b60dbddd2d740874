export type { BenchContender, BenchFn, BenchResult, BenchSuite, BenchTarget, BenchTask, ContenderSetup } from './types.js';
export { compileLoop } from './loop.js';
export type { LoopFactory } from './loop.js';
export { hexKeys } from './keys.js';
