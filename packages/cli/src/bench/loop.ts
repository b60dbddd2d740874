import type { BenchTask } from './types.js';

/** A measured function that runs a statement `batch` times over a contender, its keys and optional extra data. */
export type LoopFactory = (cache: unknown, keys: readonly string[], data?: unknown) => () => void;

/**
 * Compiles a measuring loop of `batch` runs of `statement`, afresh for every contender. V8 keeps type feedback per
 * function, so a loop shared by all contenders turns polymorphic after the first one, and every later contender
 * pays for it in the comparison. In `statement`: `cache` is the contender, `keys` the key pool, `size` its length,
 * `i` the running count, `data` whatever extra the task passes.
 */
export function compileLoop(statement: string, batch: number): LoopFactory {
  const source = `const size = keys.length; let i = 0; return () => { for (let n = 0; n < ${batch}; n++, i++) { ${statement} } };`;
  return new Function('cache', 'keys', 'data', source) as LoopFactory;
}

/** A cache a loop task can fill before measuring it. */
export interface FillableCache {
  set(key: string, value: number): unknown;
}

export interface LoopTaskOptions {
  /** Runs of `statement` per measured call. */
  batch: number;
  /** Keys written before measuring, each with its index as value. */
  fill: readonly string[];
  /** Extra data the statement reads as `data`. */
  data?: unknown;
}

/**
 * A task with one contender per cache maker: a fresh cache filled with `options.fill`, then measured by `statement`
 * (see {@link compileLoop}) in batches over `pool`. A maker that throws fails its own row only.
 */
export function loopTask(makers: Record<string, () => FillableCache>, name: string, statement: string, pool: readonly string[], options: LoopTaskOptions): BenchTask {
  const contenders = Object.fromEntries(
    Object.entries(makers).map(([peer, make]) => [
      peer,
      () => {
        const cache = make();
        options.fill.forEach((key, i) => cache.set(key, i));
        return compileLoop(statement, options.batch)(cache, pool, options.data);
      },
    ]),
  );
  return { name, opsPerCall: options.batch, contenders };
}
