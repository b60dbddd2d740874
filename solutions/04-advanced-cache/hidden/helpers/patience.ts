/**
 * Time limits for tests about what a healthy Redis does, not about how long it may take, in ms. On a busy machine a
 * healthy Redis can answer slower than the defaults (1 s to connect, 200 ms per L2 operation), and the test would
 * see an outage that never happened. Tests about timeouts set their own. No imports: child-app.ts loads it too.
 */
export const patient = { connectTimeoutMs: 10_000, l2TimeoutMs: 10_000 } as const;
