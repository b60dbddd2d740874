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
