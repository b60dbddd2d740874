import { randomInt } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { verifyAndRestore, type Seal } from './integrity.js';
import type { SpecTest, TestStatus, WorkerJob } from './protocol.js';
import { copySubmission, makeScratch, sandboxArgs, TEST_PROCESS_HEAP_MB } from './sandbox.js';
import { collectSpec, type Spec } from './spec.js';
import { spawnWorker } from './spawn-worker.js';

export interface RunPlan {
  root: string;
  /** The checkout the grader runs from (its packages and dependencies). */
  toolRoot: string;
  /** Absolute test file paths. */
  files: string[];
  /** The sealed state of the grade's files, read before any code under test ran. */
  seal: Seal;
  implEntry: string;
  implDir: string;
  /** Per-test time limit on a quiet machine, in ms; stretched by the machine's load. */
  testTimeoutMs: number;
  allowChildProcesses: boolean;
  /** Run every file in one test process (fast, for the practice loop) instead of one process per file. */
  shareProcess: boolean;
  /** Environment of the grading worker, with the grader's decisions (REDIS_SERVER) already made. */
  env: NodeJS.ProcessEnv;
  /** Extra paths test processes may read (the redis-server binary). */
  readable: string[];
}

export interface TestResult {
  status: TestStatus;
  message?: string;
}

export interface RunOutcome {
  spec: Spec;
  /** Per file, per test key. */
  results: Map<string, Map<string, TestResult>>;
  /** Why the run changed the grade's files or otherwise tried to change its grade; empty for an honest run. */
  tampered: string[];
  notes: string[];
}

/** Rounds before the tests still unfinished are given up; each round restarts in fresh processes. */
const MAX_ROUNDS = 6;
const STARTUP_LIMIT_MS = 90_000;
const STALL_GRACE_MS = 5_000;
const STARTUP_GRACE_MS = 10_000;

/** How much slower than quiet the machine is now: 1 on a quiet machine, the load per core when busy (≤ 10). */
function slowdown(): number {
  return Math.min(10, Math.max(1, loadavg()[0]! / availableParallelism()));
}

const isBusy = (): boolean => loadavg()[0]! > availableParallelism() * 1.5;
const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

function busyNote(): string {
  return `while the machine was busy (load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores): this may not be your code — grade again when the machine is quieter`;
}

interface Round {
  results: Map<string, Map<string, TestResult>>;
  canaries: Map<string, TestStatus>;
  ended: Map<string, string | undefined>;
  stalled: Set<string>;
  /** Files whose test process died under them (memory, a signal) without the grader stopping it. */
  crashed: Set<string>;
  startupFailed: boolean;
  markers: { file: string; key: string }[];
  unhandled: string[];
  refused: string[];
  reaped: number;
  collected: Map<string, SpecTest[]>;
  /** Files the test runner began (loading, collecting or running); a file it never began says nothing of the code. */
  begun: Set<string>;
}

/**
 * Runs the tests of a plan against the code under test and reports every test of the trusted spec, however the
 * code misbehaves. Time limits count only while tests run, never start-up, and stretch with the machine's load.
 * A test that hangs or kills its process costs that test: the others are run again in fresh processes.
 */
export async function runTests(plan: RunPlan): Promise<RunOutcome> {
  const scratch = makeScratch(plan.toolRoot);
  try {
    const implEntry = copySubmission(plan.implEntry, scratch);
    const outcome = await runInScratch({ ...plan, implEntry, implDir: dirname(implEntry) }, scratch);
    // Messages name the code under test where the learner has it, not where the grader copied it.
    const copy = dirname(implEntry);
    const shown = plan.implDir.startsWith(`${plan.root}/`) ? relative(plan.root, plan.implDir) : plan.implDir;
    const rename = (text: string): string => text.replaceAll(copy, plan.implDir).replaceAll(relative(plan.root, copy), shown);
    for (const tests of outcome.results.values()) for (const [key, result] of tests) if (result.message) tests.set(key, { ...result, message: rename(result.message) });
    return { ...outcome, notes: outcome.notes.map(rename), tampered: outcome.tampered.map(rename) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function runInScratch(plan: RunPlan, scratch: string): Promise<RunOutcome> {
  // The tests and their helpers, served to the run from the seal; the rest of the seal is only checked afterwards.
  const inTests = (file: string): boolean => plan.seal.dirs.some((dir) => file.startsWith(`${dir}/`));
  const sealed = Object.fromEntries([...plan.seal.files].filter(([file]) => inTests(file) && /\.[cm]?[tj]s$/.test(file)).map(([file, bytes]) => [file, bytes.toString('utf8')]));
  const canary = { name: `grader canary ${randomInt(1e9)}`, expected: randomInt(1e6), actual: 1e6 + randomInt(1e6) };
  const base: WorkerJob = {
    mode: 'run',
    root: plan.root,
    toolRoot: plan.toolRoot,
    files: plan.files,
    implEntry: plan.implEntry,
    implDir: plan.implDir,
    testTimeoutMs: plan.testTimeoutMs,
    sealed,
    canary,
    execArgv: sandboxArgs({ toolRoot: plan.toolRoot, implDir: plan.implDir, scratch, allowChildProcesses: plan.allowChildProcesses, readable: plan.readable }),
    scratch,
    markers: join(scratch, 'markers'),
    shareProcess: plan.shareProcess,
  };
  const spec = await collectSpec(base, plan.env);
  const results = new Map<string, Map<string, TestResult>>(plan.files.map((file) => [file, new Map()]));
  const tampered: string[] = [];
  const notes: string[] = [];
  const retried = new Set<string>();
  // Per file, the keys still to run; undefined means "all of them" (a file the stub could not collect).
  const pending = new Map<string, Set<string> | undefined>();
  for (const file of plan.files) {
    const entry = spec.get(file);
    if (!entry || entry.error) {
      pending.set(file, undefined);
      continue;
    }
    for (const test of entry.tests) if (test.skip) results.get(file)!.set(test.key, { status: 'skip', message: 'skipped by the test file' });
    const keys = new Set(entry.tests.filter((test) => !test.skip).map((test) => test.key));
    if (keys.size > 0) pending.set(file, keys);
  }

  const settle = (file: string, key: string, result: TestResult): void => {
    results.get(file)!.set(key, result);
    pending.get(file)?.delete(key);
  };

  for (let round = 1; round <= MAX_ROUNDS && pending.size > 0; round += 1) {
    const factor = slowdown();
    const timeoutMs = Math.round(plan.testTimeoutMs * factor * (round > 1 && retried.size > 0 ? 3 : 1));
    const markers = join(scratch, `markers-${round}`);
    writeFileSync(markers, '');
    const only: Record<string, string[]> = {};
    for (const [file, keys] of pending) if (keys && (round > 1 || keys.size < (spec.get(file)?.tests.length ?? 0))) only[file] = [...keys, canary.name];
    const job: WorkerJob = { ...base, files: [...pending.keys()], testTimeoutMs: timeoutMs, only, markers };
    const outcome = await runRound(job, plan.env, factor);
    const before = countSettled(results);
    let progressed = false;
    // Test processes cannot write outside their scratch folder (Node's permission model); only the child processes
    // some exercises need can, so only there can the grade's files have changed.
    tampered.push(...outcome.refused, ...(plan.allowChildProcesses ? verifyAndRestore(plan.seal) : []));
    if (outcome.reaped > 0) notes.push(`Stopped ${outcome.reaped} process${outcome.reaped === 1 ? '' : 'es'} the tests left running.`);
    if (outcome.startupFailed) {
      notes.push(`The test runner did not start within ${seconds(STARTUP_LIMIT_MS * factor)} ${busyNote()}.`);
      break;
    }
    // A crash is reported under the test it happened in; vitest's own word for it adds nothing.
    const crashNoise = /Worker .*(?:emitted error|exited unexpectedly)/;
    for (const message of outcome.unhandled) if (!(outcome.crashed.size > 0 && crashNoise.test(message))) notes.push(`Error outside any test: ${message}`);

    for (const [file, keys] of pending) {
      const got = outcome.results.get(file) ?? new Map<string, TestResult>();
      const wanted = keys ?? new Set((outcome.collected.get(file) ?? []).map((test) => test.key));
      if (!keys && outcome.collected.has(file) && wanted.size === 0) {
        // Neither the stub nor the code under test could load the file: its points are lost in plain sight, never
        // dropped without a word.
        results.get(file)!.set('(the whole file)', { status: 'error', message: `could not load: ${outcome.ended.get(file) ?? spec.get(file)?.error ?? 'no tests were found in it'}` });
        pending.delete(file);
        continue;
      }
      if (!keys && outcome.collected.has(file)) pending.set(file, wanted);
      const specTests = new Map((spec.get(file)?.tests ?? outcome.collected.get(file) ?? []).map((test) => [test.key, test]));
      for (const [key, result] of got) {
        if (!wanted.has(key)) continue;
        if (result.status === 'skip' && !specTests.get(key)?.skip) {
          settle(file, key, { status: 'fail', message: `was skipped while it ran${result.message ? ` (${result.message})` : ''}: only the grader decides which tests may skip` });
        } else if (result.status === 'timeout' && isBusy() && !retried.has(`${file}\0${key}`)) {
          // The machine is busy: one more try in a fresh process, with three times the time.
          retried.add(`${file}\0${key}`);
          progressed = true;
        } else if (result.status === 'timeout') {
          settle(file, key, { status: 'timeout', message: `did not finish within ${seconds(timeoutMs)}${retried.has(`${file}\0${key}`) ? `, twice, ${busyNote()}` : ': look for an endless loop or a promise that never settles'}` });
        } else {
          settle(file, key, result);
        }
      }
      const canaryStatus = outcome.canaries.get(file);
      if (canaryStatus === 'pass') tampered.push(`results in ${shortName(plan.root, file)} were rewritten: a test that must fail passed`);
      else if (outcome.ended.has(file) && outcome.ended.get(file) === undefined && canaryStatus !== 'fail' && got.size > 0) tampered.push(`results in ${shortName(plan.root, file)} were altered: a test that must fail did not`);
      // A test process that dies on a busy machine may have been killed from outside: its test gets one more try.
      const retryCrash = (key: string): boolean => {
        if (!isBusy() || retried.has(`${file}\0${key}`)) return false;
        retried.add(`${file}\0${key}`);
        return true;
      };
      if (placeFailure(file, outcome, pending.get(file), settle, timeoutMs, retryCrash)) progressed = true;
    }
    for (const [file, keys] of pending) if (keys && keys.size === 0) pending.delete(file);
    if (!progressed && countSettled(results) === before && pending.size > 0 && outcome.stalled.size === 0 && outcome.crashed.size === 0) {
      for (const [file, keys] of pending) {
        // The runner failed before it began this file (a test process that could not start on a busy machine):
        // nothing is known of the code yet, so the file gets another round.
        if (!outcome.begun.has(file) && round < MAX_ROUNDS) continue;
        for (const key of keys ?? []) settle(file, key, { status: 'error', message: 'was never run: the test file stopped before reaching it' });
        if (!keys) results.get(file)!.set('(the whole file)', { status: 'error', message: outcome.ended.get(file) ?? 'could not be run' });
        pending.delete(file);
      }
    }
  }
  for (const [file, keys] of pending) {
    for (const key of keys ?? []) settle(file, key, { status: 'timeout', message: `not run: earlier tests in this file kept stopping the test process (${MAX_ROUNDS} attempts)` });
    if (!keys) results.get(file)!.set('(the whole file)', { status: 'error', message: 'could not be loaded' });
  }
  return { spec, results: inSpecOrder(spec, results), tampered: [...new Set(tampered)], notes };
}

/** Each file's results in the order its tests are written, whatever order they settled in. */
function inSpecOrder(spec: Spec, results: Map<string, Map<string, TestResult>>): Map<string, Map<string, TestResult>> {
  return new Map([...results].map(([file, tests]) => {
    const order = new Map((spec.get(file)?.tests ?? []).map((test, index) => [test.key, index]));
    return [file, new Map([...tests].sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity)))];
  }));
}

/**
 * After a round that stopped early, decides which test is to blame in each file: the one whose start mark is the
 * last in the file and has no result. A file that never reached its first test could not load. Returns true when
 * the blamed test is given another try instead (`retryCrash`).
 */
function placeFailure(file: string, round: Round, keys: Set<string> | undefined, settle: (file: string, key: string, result: TestResult) => void, timeoutMs: number, retryCrash: (key: string) => boolean): boolean {
  if (!keys || keys.size === 0) return false;
  const stalled = round.stalled.has(file);
  const crashed = round.crashed.has(file) || (round.ended.has(file) && round.ended.get(file) !== undefined);
  if (!stalled && !crashed) return false;
  const started = round.markers.filter((mark) => mark.file === file && keys.has(mark.key)).at(-1);
  if (started && !stalled && retryCrash(started.key)) return true;
  if (started) {
    settle(file, started.key, stalled
      ? { status: 'timeout', message: `was still running after ${seconds(timeoutMs + STALL_GRACE_MS)} and the test process had to be stopped: look for an endless loop` }
      : { status: 'error', message: `the test process died during this test: it ran out of memory (the limit is ${TEST_PROCESS_HEAP_MB} MB) or was killed` });
    return false;
  }
  if (round.markers.some((mark) => mark.file === file)) return false;
  const reason = stalled ? `loading the test file and your code did not finish within ${seconds(timeoutMs + STALL_GRACE_MS)}: look for an endless loop at import` : `could not load: ${round.ended.get(file) ?? 'the test process died while loading it'}`;
  for (const key of [...keys]) settle(file, key, { status: stalled ? 'timeout' : 'error', message: reason });
  return false;
}

function countSettled(results: Map<string, Map<string, TestResult>>): number {
  let count = 0;
  for (const tests of results.values()) count += tests.size;
  return count;
}

function shortName(root: string, file: string): string {
  return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
}

/** One attempt in fresh processes, stopped when a test file makes no progress for longer than a test may take. */
async function runRound(job: WorkerJob, env: NodeJS.ProcessEnv, factor: number): Promise<Round> {
  const round: Round = { results: new Map(), canaries: new Map(), ended: new Map(), stalled: new Set(), crashed: new Set(), startupFailed: false, markers: [], unhandled: [], refused: [], reaped: 0, collected: new Map(), begun: new Set() };
  const lastSeen = new Map<string, number>();
  const spawnedAt = Date.now();
  let started = false;
  let lastEvent = spawnedAt;
  const worker = spawnWorker(job, env, (message) => {
    const now = Date.now();
    lastEvent = now;
    if ('file' in message) round.begun.add(message.file);
    switch (message.type) {
      case 'started':
        started = true;
        break;
      case 'module-start':
        lastSeen.set(message.file, now);
        break;
      case 'collected':
        lastSeen.set(message.file, now);
        round.collected.set(message.file, message.tests.filter((test) => test.name !== job.canary.name));
        break;
      case 'result': {
        lastSeen.set(message.file, now);
        if (message.key === job.canary.name) {
          round.canaries.set(message.file, message.status);
          break;
        }
        let tests = round.results.get(message.file);
        if (!tests) round.results.set(message.file, (tests = new Map()));
        tests.set(message.key, { status: message.status, ...(message.message ? { message: message.message } : {}) });
        break;
      }
      case 'module-end':
        lastSeen.delete(message.file);
        round.ended.set(message.file, message.error);
        break;
      case 'refused':
        round.refused.push(`${shortName(job.root, message.importer)} tried to load ${message.what}`);
        break;
      case 'done':
        round.unhandled.push(...message.unhandled);
        // Every result is in (messages arrive in order): stop the processes now rather than wait for them to wind
        // down; whatever they still hold open does not matter to the grade.
        worker.kill();
        break;
    }
  });
  // A file is stuck when it has sent nothing for longer than a test may take plus a grace, counted in the CPU time
  // its processes burn (an endless loop burns it; a process starved by a busy machine does not). Where CPU time
  // cannot be read, wall time stretched by the load average stands in.
  const stallMs = job.testTimeoutMs + STALL_GRACE_MS * factor;
  const stallCpuMs = job.testTimeoutMs / factor + STALL_GRACE_MS;
  const cpuAt = new Map<string, { seen: number; cpu: number }>();
  const stuck = (key: string, seen: number, now: number, cpu: number | undefined, extraMs = 0): boolean => {
    if (cpu === undefined) return now - seen > stallMs + extraMs * factor;
    const mark = cpuAt.get(key);
    if (!mark || mark.seen !== seen) {
      cpuAt.set(key, { seen, cpu });
      return false;
    }
    return now - seen > stallCpuMs + extraMs && cpu - mark.cpu > stallCpuMs + extraMs;
  };
  const watchdog = setInterval(() => {
    const now = Date.now();
    if (!started && now - spawnedAt > STARTUP_LIMIT_MS * factor) {
      round.startupFailed = true;
      worker.kill();
    }
    const cpu = worker.cpuMs();
    for (const [file, seen] of lastSeen) if (stuck(file, seen, now, cpu)) round.stalled.add(file);
    // No file running and nothing heard: a test file (or the code it imports) is stuck while it loads. The test
    // process's own start-up gets an allowance on top.
    if (started && lastSeen.size === 0 && stuck('', lastEvent, now, cpu, STARTUP_GRACE_MS)) {
      for (const file of job.files) if (!round.ended.has(file)) round.stalled.add(file);
    }
    if (round.stalled.size > 0) worker.kill();
  }, 250);
  const { reaped } = await worker.exited;
  clearInterval(watchdog);
  round.reaped = reaped;
  round.markers = readMarkers(job.markers);
  // A test that started and never finished, in a round the grader did not stop, took its test process down with it
  // (memory, a signal): vitest then ends the file without a word about that test.
  if (round.stalled.size === 0 && !round.startupFailed) {
    const finished = (mark: { file: string; key: string }): boolean => (mark.key === job.canary.name ? round.canaries.has(mark.file) : round.results.get(mark.file)?.has(mark.key) === true);
    for (const mark of round.markers) if (!finished(mark)) round.crashed.add(mark.file);
  }
  return round;
}

function readMarkers(file: string): { file: string; key: string }[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => {
        try {
          const mark = JSON.parse(line) as { file?: unknown; key?: unknown };
          return typeof mark.file === 'string' && typeof mark.key === 'string' ? [{ file: mark.file, key: mark.key }] : [];
        } catch {
          return [];
        }
      });
  } catch {
    return [];
  }
}
