/**
 * The lock section of `pnpm test:chaos`: eight app processes (lock-worker.ts) on a private `redis-server` ask for
 * the same missing key at once, ten times: one of them must compute. Then, three times, the process holding the
 * lock is SIGKILLed during its compute: the others must answer once its lock has expired, within lock TTL + 1 s.
 */
import type { ChildProcess } from 'node:child_process';
import { startRedis } from '@workbook/testkit';
import { LOCK_L2_TIMEOUT_MS, LOCK_TTL_MS, type FromWorker, type ToWorker } from './lock-protocol.js';
import type { ChaosRow, ChaosSection } from './row.js';
import { killAll, nextFrom, sleep, startWorker, tell } from './workers.js';

const PROCESSES = 8;
const ROUNDS = 10;
const KILLS = 3;

type Answer = Extract<FromWorker, { type: 'answer' }>;

export const run: ChaosSection = async (log) => {
  const server = await startRedis();
  const all = Array.from({ length: PROCESSES }, () => startWorker('lock-worker.ts', [server.url], log));
  const answerOf = (worker: ChildProcess, key: string) =>
    nextFrom<FromWorker>(worker, (message) => message.type === 'answer' && message.key === key, `the answer for ${key}`) as Promise<Answer>;
  try {
    await Promise.all(all.map((worker) => nextFrom<FromWorker>(worker, (message) => message.type === 'ready', 'ready', 120_000)));
    const up = all.map((worker) => nextFrom<FromWorker>(worker, (message) => message.type === 'up', 'L2 up'));
    all.forEach((worker) => tell<ToWorker>(worker, { type: 'probe' }));
    await Promise.all(up);
    log(`${PROCESSES} processes on one Redis`);

    const computes: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const key = `round-${round}`;
      const answers = all.map((worker) => answerOf(worker, key));
      all.forEach((worker) => tell<ToWorker>(worker, { type: 'go', key, compute: 'quick' }));
      const settled = await Promise.all(answers);
      computes.push(settled.filter((answer) => answer.computed).length);
      const values = new Set(settled.map((answer) => answer.value));
      log(`round ${round}: ${computes.at(-1)} compute(s), ${values.size} distinct answer(s)`);
    }

    let alive = all;
    let slowestAfterKillMs = 0;
    const takeovers: number[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      const key = `orphan-${kill}`;
      let lockedAt = 0;
      let holder: ChildProcess | undefined;
      let computing = 0;
      const onComputing = (worker: ChildProcess) => (message: FromWorker) => {
        if (message.type !== 'computing' || message.key !== key) return;
        computing++;
        if (holder === undefined) {
          // The first to compute holds the lock: it dies with it.
          holder = worker;
          lockedAt = Date.now();
          worker.kill('SIGKILL');
        } else tell<ToWorker>(worker, { type: 'finish', key });
      };
      const listeners = alive.map((worker) => {
        const listener = onComputing(worker);
        worker.on('message', listener);
        return [worker, listener] as const;
      });
      const answered = alive.map((worker) =>
        answerOf(worker, key).then(
          () => Date.now(),
          () => undefined,
        ),
      );
      alive.forEach((worker) => tell<ToWorker>(worker, { type: 'go', key, compute: 'held' }));
      const times = (await Promise.all(answered)).filter((at): at is number => at !== undefined);
      listeners.forEach(([worker, listener]) => worker.off('message', listener));
      const slowest = Math.max(...times) - lockedAt;
      slowestAfterKillMs = Math.max(slowestAfterKillMs, slowest);
      takeovers.push(computing - 1);
      alive = alive.filter((worker) => worker !== holder);
      log(`kill ${kill}: holder ${holder?.pid} killed; ${times.length} others answered, the last ${slowest} ms after it took the lock; ${computing - 1} took over`);
    }

    const stopped = alive.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
    alive.forEach((worker) => tell<ToWorker>(worker, { type: 'stop' }));
    await Promise.race([Promise.all(stopped), sleep(10_000)]);
    const single = computes.filter((count) => count === 1).length;
    return [
      {
        section: 'lock',
        check: `computes when ${PROCESSES} processes ask for one missing key at once (l2TimeoutMs ${LOCK_L2_TIMEOUT_MS})`,
        measured: single === ROUNDS ? `1 in ${single} of ${ROUNDS} rounds` : `1 in ${single} of ${ROUNDS} rounds (${computes.join(', ')})`,
        want: `1 in ${ROUNDS} of ${ROUNDS} rounds`,
        ok: single === ROUNDS,
      },
      {
        section: 'lock',
        check: `holder SIGKILLed during its compute (${KILLS}×): last answer of the others after it took the lock`,
        measured: `${slowestAfterKillMs} ms`,
        want: `≤ ${LOCK_TTL_MS + 1000} ms (lockTtlMs ${LOCK_TTL_MS} + 1 s)`,
        ok: slowestAfterKillMs <= LOCK_TTL_MS + 1000,
      },
      {
        section: 'lock',
        check: 'processes that took over a killed holder\'s compute',
        measured: takeovers.join(', '),
        want: Array(KILLS).fill(1).join(', '),
        ok: takeovers.every((count) => count === 1),
      },
    ] satisfies ChaosRow[];
  } finally {
    killAll(all);
    await server.stop();
  }
};
