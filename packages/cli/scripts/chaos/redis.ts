/**
 * The Redis section of `pnpm test:chaos`: two app processes (redis-worker.ts) run getOrCompute calls without pause on
 * a private `redis-server`, which is killed with SIGKILL and restarted, then hung (SIGSTOP) and woken (SIGCONT) a
 * few times. During each hang one process writes a key and deletes it again: the write times out on the wire, so
 * when Redis wakes up it lands — and must not bring the deleted value back to anyone.
 */
import type { ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { startRedis, type RedisServer } from '@workbook/testkit';
import { WORKER_SETTINGS, type FromWorker, type ToWorker } from './redis-protocol.js';
import type { ChaosRow, ChaosSection } from './row.js';
import { killAll, nextFrom, sleep, startWorker, tell } from './workers.js';

const HANGS = 5;
const HANG_MS = 1500;
const NAMESPACE = 'workbook';

export const run: ChaosSection = async (log) => {
  const server = await startRedis();
  const workers = ['a', 'b'].map((name) => startWorker('redis-worker.ts', [server.url, name], log));
  const a = workers[0]!;
  /** Resolves once `worker` reports a recovery at or after `since`. */
  const recovered = (worker: ChildProcess, since: number) =>
    nextFrom<FromWorker>(worker, (message) => message.type === 'recovered' && message.at >= since, 'a recovery') as Promise<{ at: number }>;
  try {
    await Promise.all(workers.map((worker) => nextFrom<FromWorker>(worker, (message) => message.type === 'ready', 'ready')));
    log('two processes running getOrCompute calls; warming up');
    await sleep(1000);

    log('kill -9, then restart');
    await server.kill();
    const killedAt = Date.now();
    await sleep(1500);
    const recoveries = workers.map((worker) => recovered(worker, killedAt));
    await server.restart();
    const acceptingAt = Date.now();
    const backAt = await Promise.all(recoveries);
    const backAfterMs = Math.max(0, ...backAt.map((message) => message.at - acceptingAt));
    log(`L2 in use again ${backAfterMs} ms after Redis accepted connections`);

    let honoured = 0;
    let slowestHungMs = 0;
    let laggiestMs = 0;
    let readsBefore = 0;
    for (let round = 1; round <= HANGS; round++) {
      await sleep(500);
      const key = `victim-${round}`;
      const doomed = `doomed-${round}`;
      workers.forEach((worker) => tell<ToWorker>(worker, { type: 'window' }));
      const pausedAt = Date.now();
      server.pause();
      const deleted = nextFrom<FromWorker>(a, (message) => message.type === 'deleted', 'the delete during the hang');
      tell<ToWorker>(a, { type: 'doom', key, value: doomed });
      await deleted;
      workers.forEach((worker) => tell<ToWorker>(worker, { type: 'watch', key, value: doomed }));
      await sleep(HANG_MS - (Date.now() - pausedAt));
      const woken = workers.map((worker) => recovered(worker, pausedAt));
      server.resume();
      await Promise.all(woken);
      // Reads go on after both are back; then the score of the round.
      await sleep(500);
      const reports = await Promise.all(workers.map((worker) => reportOf(worker)));
      const inRedis = await redisGet(server, `${NAMESPACE}::${key}`);
      const readsSoFar = reports.reduce((sum, report) => sum + report.deletedValueReads, 0);
      const reads = readsSoFar - readsBefore;
      readsBefore = readsSoFar;
      slowestHungMs = Math.max(slowestHungMs, ...reports.map((report) => report.slowestInWindowMs));
      laggiestMs = Math.max(laggiestMs, ...reports.map((report) => report.eventLoopLagMs));
      // Keyv stores `{"value":…,"expires":…}`: the doomed value must not be in it.
      const ok = reads === 0 && !(inRedis ?? '').includes(doomed);
      if (ok) honoured++;
      log(`hang ${round}: deleted value read ${reads} times after the delete, in Redis afterwards: ${inRedis ?? 'nothing'}; slowest call ${Math.max(...reports.map((r) => r.slowestInWindowMs))} ms (event loop held up ${Math.max(...reports.map((r) => r.eventLoopLagMs))} ms at most)`);
    }

    const reports = await Promise.all(workers.map((worker) => reportOf(worker)));
    const calls = reports.reduce((sum, report) => sum + report.calls, 0);
    const failures = reports.flatMap((report) => report.failures);
    if (failures.length > 0) log(`failures: ${failures.join(' | ')}`);
    const stopped = workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
    workers.forEach((worker) => tell<ToWorker>(worker, { type: 'stop' }));
    await Promise.race([Promise.all(stopped), sleep(10_000)]);
    const settings = `l2TimeoutMs ${WORKER_SETTINGS.l2TimeoutMs}, l2RetryMs ${WORKER_SETTINGS.l2RetryMs}, reconnectMaxDelayMs ${WORKER_SETTINGS.reconnectMaxDelayMs}`;
    return [
      { section: 'redis', check: `failed calls of ${calls} getOrCompute calls from 2 processes (kill -9, restart, ${HANGS} hangs)`, measured: String(failures.length), want: '0', ok: failures.length === 0 },
      { section: 'redis', check: `time until L2 is used again after a restart (${settings})`, measured: `${backAfterMs} ms`, want: '≤ 1000 ms', ok: backAfterMs <= 1000 },
      { section: 'redis', check: 'a delete issued during a hang, honoured by both processes and in Redis after it', measured: `${honoured} of ${HANGS} hangs`, want: `${HANGS} of ${HANGS}`, ok: honoured === HANGS },
      {
        section: 'redis',
        check: 'slowest call started while Redis hung',
        measured: `${slowestHungMs} ms (event loop held up ≤ ${laggiestMs} ms)`,
        want: `≤ ${WORKER_SETTINGS.l2TimeoutMs + 50} ms (l2TimeoutMs + 50)`,
        ok: slowestHungMs <= WORKER_SETTINGS.l2TimeoutMs + 50,
      },
    ] satisfies ChaosRow[];
  } finally {
    server.resume();
    killAll(workers);
    await server.stop();
  }
};

type Report = Extract<FromWorker, { type: 'report' }>;

/** Asks `worker` for its counts. */
function reportOf(worker: ChildProcess): Promise<Report> {
  const report = nextFrom<FromWorker>(worker, (message) => message.type === 'report', 'a report') as Promise<Report>;
  tell<ToWorker>(worker, { type: 'report' });
  return report;
}

/** `GET key` on the private server, with a raw RESP request: the answer, or `undefined` for none. */
function redisGet(server: RedisServer, key: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: server.host, port: server.port });
    let reply = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer to GET within 10 s')));
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`*2\r\n$3\r\nGET\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.startsWith('$-1\r\n')) return void (socket.destroy(), resolve(undefined));
      const match = /^\$(\d+)\r\n/.exec(reply);
      if (match && reply.length >= match[0].length + Number(match[1]) + 2) {
        socket.destroy();
        resolve(reply.slice(match[0].length, match[0].length + Number(match[1])));
      }
    });
  });
}
