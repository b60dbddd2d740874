import { describe, it } from 'vitest';
import { findRedisServer } from './redis-server.js';
import { PROCESS_TEST_TIMEOUT_MS } from './time.js';

const MISSING = 'redis-server not found; install Redis 7 (apt-get install redis-server, brew install redis) or set REDIS_SERVER to its path';

/**
 * Why Redis tests cannot run here, or `undefined` when they must run: they run wherever a `redis-server` binary
 * exists, and always under `CI=true`, where a missing binary must fail the run rather than skip it quietly.
 */
export function redisSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (findRedisServer(env) !== undefined || env.CI === 'true') return undefined;
  return MISSING;
}

/** Whether Redis tests run here (see {@link redisSkipReason}). */
export function redisAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return redisSkipReason(env) === undefined;
}

/**
 * `describe` for a suite that needs a real Redis. Where a `redis-server` exists, the suite runs, each test with the
 * generous {@link PROCESS_TEST_TIMEOUT_MS}. Where none does, it is skipped with the reason in its name — except under
 * `CI=true`, where the suite becomes one failing test that says what is missing (a failed `beforeAll` would only mark
 * the tests as skipped).
 */
export function describeRedis(name: string, body: () => void, env: NodeJS.ProcessEnv = process.env): void {
  if (findRedisServer(env) !== undefined) {
    describe(name, { timeout: PROCESS_TEST_TIMEOUT_MS }, body);
  } else if (env.CI === 'true') {
    describe(name, () => {
      it('has a redis-server to run against (required under CI=true)', () => {
        throw new Error(`${MISSING}. Under CI=true, Redis tests must run, not be skipped.`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: ${MISSING})`, body);
  }
}
