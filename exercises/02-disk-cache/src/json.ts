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
  // TODO(ex2.safe-names): Walk the value before JSON.stringify does. Throw a TypeError whose message contains the
  // path in backticks, JavaScript-style (`value.messages[1].content`), and says what is there (undefined, NaN,
  // function, bigint, circular, the constructor's name or 'object', symbol keys, __proto__), for: undefined at
  // the top or in an array (holes too),
  // functions, symbols, BigInt, NaN/±Infinity, a cycle (an object that contains itself — keep the objects on the
  // current path in a Set), objects whose prototype is neither Object.prototype nor null (Date, Map, class
  // instances, Buffer), symbol keys and own '__proto__' keys. { a: undefined } is fine: JSON drops the property,
  // and so is the same object twice (a shared reference is not a cycle). Name the first offender; a key that is
  // not an identifier goes in brackets: value["x-request-id"].ok[0].
  throw new Error(`TODO(ex2.safe-names): toJson ${typeof value}`);
}

/**
 * Parses JSON read from disk. `JSON.parse` never sets a prototype (it creates a `__proto__` key as an own
 * property), but an own `__proto__` key is a trap for any code that later merges the value into another object.
 * The cache never writes one, so a file that has one was written by someone else: such keys are dropped. Only
 * text that could spell the key (literally, or through a `\u` escape) pays for the slower reviver.
 * @throws SyntaxError for text that is not JSON.
 */
export function fromJson(text: string): unknown {
  // TODO(ex2.safe-names): JSON.parse, except that no object in the result has an own '__proto__' key — also when
  // the file spells it "\u005f_proto__". A reviver that returns undefined for that key removes it. A 'constructor'
  // key is plain data and stays.
  throw new Error(`TODO(ex2.safe-names): fromJson ${text.length} characters`);
}
