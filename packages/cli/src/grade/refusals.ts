/** Packages that decide or report results: code under test that reaches them could change its own grade. */
export const FRAMEWORK = /^(?:vitest|@vitest\/.+|chai|tinyspy|expect|@workbook\/(?:cli|testkit))(?:\/.*)?$/;

/** Built-ins that hand out another way in: `require` past the grader's checks, a debugger, fresh realms. */
export const REFUSED_BUILTINS: ReadonlySet<string> = new Set(['module', 'inspector', 'inspector/promises', 'vm', 'worker_threads', 'repl']);
