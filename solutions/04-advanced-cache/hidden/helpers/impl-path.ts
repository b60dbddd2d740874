import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The file `@impl` resolves to in this run (the starter, the solution, or another folder), for tests that start
 * child processes: those cannot use the test runner's alias, so they are handed the path. Vite expands
 * `import.meta.glob` through its aliases when it transforms this file, giving a path relative to the project root
 * (or `/@fs/<absolute path>` outside it).
 */
export function implPath(): string {
  const [file] = Object.keys(import.meta.glob('@impl'));
  if (file === undefined) throw new Error('@impl did not resolve to a file');
  const candidates = file.startsWith('/@fs/') ? [file.slice('/@fs'.length)] : [join(process.cwd(), file), file];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error(`@impl resolved to ${file}, which is not a file here`);
  return found;
}
