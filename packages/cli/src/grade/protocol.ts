/** How a graded test ended, as the grader's JSON reports it. */
export type TestStatus = 'pass' | 'fail' | 'skip' | 'error' | 'timeout';

/** One test as the trusted collection found it: what the grade is made of, whatever the code under test does. */
export interface SpecTest {
  /** The test's full name (`describe > it`), with ` #2`, ` #3`… for repeats within a file. */
  key: string;
  name: string;
  /** The rule it checks: its outermost `describe`, or the file for tests outside any `describe`. */
  rule: string;
  /** Skipped by the test file itself before any code under test ran (e.g. no redis-server outside CI). */
  skip: boolean;
}

export interface SpecFile {
  file: string;
  tests: SpecTest[];
  /** Why the file could not be collected without the code under test; it then counts as one rule. */
  error?: string;
}

/** What the grading worker tells its parent, one IPC message per event. */
export type WorkerMessage =
  | { type: 'started' }
  | { type: 'module-start'; file: string }
  | { type: 'collected'; file: string; tests: SpecTest[] }
  | { type: 'result'; file: string; key: string; status: TestStatus; message?: string }
  | { type: 'module-end'; file: string; error?: string }
  | { type: 'refused'; importer: string; what: string }
  | { type: 'done'; unhandled: string[] };

/** What the parent asks a grading worker to do. */
export interface WorkerJob {
  /** `collect` lists the tests against a stub of the code under test; `run` runs them against the real one. */
  mode: 'collect' | 'run';
  /** The workbook whose tests run. */
  root: string;
  /** The checkout the grader itself runs from: its `packages/` and `node_modules/` (usually `root`). */
  toolRoot: string;
  /** Absolute test file paths. */
  files: string[];
  /** Absolute path that `@impl` resolves to. */
  implEntry: string;
  /** The folder of the code under test: imports from here are checked against the grader's rules. */
  implDir: string;
  testTimeoutMs: number;
  /** Per file, the test keys to run; every test when a file is absent. */
  only?: Record<string, string[]>;
  /** The sealed contents of every test and helper file: the run uses these, never what is on disk by then. */
  sealed: Record<string, string>;
  /** A test that must fail in every file; if it is reported as passing, results were tampered with. */
  canary: { name: string; expected: number; actual: number };
  /** Node options for test processes (permissions, memory cap). */
  execArgv: string[];
  /** The run's private scratch folder: the only place test processes may write. */
  scratch: string;
  /** File the test processes append `{file, key}` lines to when a test starts, so a hang can be placed. */
  markers: string;
  /** Share module state between test files in one process (fast, for the practice loop). */
  shareProcess: boolean;
}
