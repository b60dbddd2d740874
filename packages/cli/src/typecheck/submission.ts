import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';

/** True when `path` is `dir` or lies below it (both absolute and normalised). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Where the submission's bare imports resolve from: the same place in the checkout, `<root>/exercises/<exercise>/src`,
 * wherever the folder really is. That folder need not exist: the lookup walks up to `<root>/node_modules` anyway.
 */
export function standInFor(root: string, srcDir: string): string {
  const exercise = basename(srcDir) === 'src' ? basename(dirname(srcDir)) : basename(srcDir);
  return join(root, 'exercises', exercise, 'src');
}

/** The code under test: every `.ts` file below `srcDir`, except tests and anything in node_modules or dot-folders. */
export function listSources(srcDir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(srcDir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .filter((rel) => rel.endsWith('.ts') && !/\.(test|spec)\.ts$/.test(rel))
    .filter((rel) => !rel.split(sep).some((part) => part === 'node_modules' || part.startsWith('.')))
    .map((rel) => join(srcDir, rel))
    .sort();
}
