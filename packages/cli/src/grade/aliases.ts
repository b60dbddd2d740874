import { join } from 'node:path';

/**
 * Maps the workbook's own packages to their sources, so code graded from a folder outside the workspace (a
 * student's submission) still resolves `@workbook/cache` and `@workbook/openrouter`.
 */
export function packageAliases(root: string): { find: RegExp; replacement: string }[] {
  return ['cache', 'openrouter', 'testkit'].map((name) => ({
    find: new RegExp(`^@workbook/${name}$`),
    replacement: join(root, 'packages', name, 'src', 'index.ts'),
  }));
}
