/** A promise the test settles by hand. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Rejecting a gate nobody waits on (an unfinished implementation) is not an error of the test.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * Marks `promise` as handled and returns it: awaiting it later still throws, but a rejection that comes before the
 * test awaits it is not reported as an unhandled error.
 */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** Lets every pending promise callback run (a few macrotask turns), without moving any clock. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
