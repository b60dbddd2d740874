/** How a graded test ended, as the grader's JSON reports it. */
export type TestStatus = 'pass' | 'fail' | 'skip' | 'error' | 'timeout';

/** What the grading worker tells its parent, one IPC message per event. */
export type WorkerMessage =
  | { type: 'collected'; file: string; tests: { id: string; name: string }[] }
  | { type: 'result'; file: string; id: string; name: string; status: TestStatus; message?: string }
  | { type: 'module-error'; file: string; message: string }
  | { type: 'done'; unhandled: string[] };

/** What the parent asks the worker to run. */
export interface WorkerJob {
  root: string;
  /** Absolute test file paths. */
  files: string[];
  /** Absolute path that `@impl` resolves to. */
  implEntry: string;
  testTimeoutMs: number;
}
