import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The vitest config Stryker runs one exercise's hidden tests with. Stryker copies the repository into a sandbox and
 * runs vitest there, so every path here is relative to this file; `MUTATION_EXERCISE` names the exercise folder.
 */
const dir = process.env['MUTATION_EXERCISE'];
if (!dir) throw new Error('MUTATION_EXERCISE is not set: run this through `pnpm test:mutation`.');
const root = resolve(import.meta.dirname, '../../../..');
const implEntry = resolve(root, 'solutions', dir, 'src', 'index.ts');

export default defineConfig({
  root,
  resolve: { alias: [{ find: /^@impl$/, replacement: implEntry }] },
  test: {
    include: [`solutions/${dir}/hidden/**/*.test.ts`],
    env: { WORKBOOK_IMPL_ENTRY: implEntry, CI: 'true' },
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
