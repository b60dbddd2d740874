/**
 * The JSON text of `value`, after checking that JSON carries it faithfully: what `get` returns later must equal
 * what `set` was given. Plain objects (prototype `Object.prototype` or `null`), arrays, strings, finite numbers,
 * booleans and `null` pass. An object property whose value is `undefined` is dropped, exactly as a missing one.
 * @throws TypeError naming the first offending path, e.g. `` `value.choices[0].at` is a Date ``, for
 *   `undefined` at the top or in an array, functions, symbols, BigInt, NaN and ±Infinity, circular references,
 *   non-plain objects (Date, Map, Set, class instances, Buffers: JSON would flatten or drop them), symbol keys,
 *   and own `__proto__` keys (a reader that merges the value could have its prototype replaced).
 */
export function toJson(value: unknown): string {
  if (value === undefined) throw new TypeError('`value` is undefined, which JSON cannot store (and `get` uses for a miss)');
  const problem = check(value, new Set());
  if (problem !== undefined) throw new TypeError(`\`value${problem.path}\` ${problem.reason}`);
  return JSON.stringify(value);
}

interface Problem {
  /** Where, below `value`: `.choices[0].at`. Built only on the way back up from a problem. */
  path: string;
  reason: string;
}

function check(value: unknown, ancestors: Set<object>): Problem | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { path: '', reason: `is ${value}, which JSON writes as null` };
    case 'object':
      return value === null ? undefined : checkObject(value, ancestors);
    case 'undefined':
      return { path: '', reason: 'is undefined, which JSON writes as null in an array' };
    default:
      return { path: '', reason: `is a ${typeof value}, which JSON cannot store` };
  }
}

function checkObject(value: object, ancestors: Set<object>): Problem | undefined {
  if (ancestors.has(value)) return { path: '', reason: 'refers back to itself (a circular structure)' };
  const proto: unknown = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    return { path: '', reason: `is a ${name}, not plain JSON data` };
  }
  if (Object.getOwnPropertySymbols(value).length > 0) return { path: '', reason: 'has symbol keys, which JSON drops' };
  ancestors.add(value);
  let problem: Problem | undefined;
  if (isArray) {
    // A plain loop also visits holes, which JSON would turn into null.
    for (let i = 0; i < value.length && problem === undefined; i++) {
      const inner = check(value[i], ancestors);
      if (inner !== undefined) problem = { path: `[${i}]${inner.path}`, reason: inner.reason };
    }
  } else {
    for (const key of Object.keys(value)) {
      if (key === '__proto__') {
        problem = { path: '', reason: 'has an own "__proto__" key, which could replace a prototype when merged' };
        break;
      }
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      const inner = check(item, ancestors);
      if (inner !== undefined) {
        problem = { path: `${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}${inner.path}`, reason: inner.reason };
        break;
      }
    }
  }
  ancestors.delete(value);
  return problem;
}

/**
 * Parses JSON read from disk. `JSON.parse` never sets a prototype (it creates a `__proto__` key as an own
 * property), but an own `__proto__` key is a trap for any code that later merges the value into another object.
 * The cache never writes one, so a file that has one was written by someone else: such keys are dropped. Only
 * text that could spell the key (literally, or through a `\u` escape) pays for the slower reviver.
 * @throws SyntaxError for text that is not JSON.
 */
export function fromJson(text: string): unknown {
  if (!text.includes('__proto__') && !text.includes('\\u')) return JSON.parse(text);
  return JSON.parse(text, (key, item: unknown) => (key === '__proto__' ? undefined : item));
}
