/**
 * A measuring loop of `batch` runs of `statement`, compiled afresh for each contender. V8 keeps type feedback per
 * function: a loop shared by every contender turns polymorphic after the first one, and the later contenders pay
 * for it in the comparison. In `statement`, `cache` is the contender, `keys` the key pool, `i` the iteration and
 * `size` the pool's length.
 */
export function compileLoop(statement: string, batch: number): (cache: unknown, keys: readonly string[]) => () => void {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- deliberate: one function per contender
  return new Function('cache', 'keys', `const size = keys.length; let i = 0; return () => { for (let n = 0; n < ${batch}; n++, i++) { ${statement} } };`) as never;
}
