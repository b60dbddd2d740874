/**
 * The absolute path of the code under test (the file `@impl` resolves to), for tests that start child processes:
 * `@impl` is an alias only vitest knows, so the grader and the workbook's vitest config publish the path in
 * `WORKBOOK_IMPL_ENTRY`.
 */
export function implPath(env: NodeJS.ProcessEnv = process.env): string {
  const entry = env['WORKBOOK_IMPL_ENTRY'];
  if (!entry) throw new Error('WORKBOOK_IMPL_ENTRY is not set: run these tests through `pnpm exN`, `pnpm grade` or `pnpm test`.');
  return entry;
}
