import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BASE_CONFIG } from './options.js';
import { createCompiler, typescriptVersion, type Compiler } from './program.js';
import { cacheKey, isCurrent, readResult, takeSnapshot, writeResult, type CheckResult } from './results-cache.js';
import { listSources } from './submission.js';
import type { TypeChecker, TypeCheckerOptions, TypeProblem } from './types.js';

/**
 * A checker for one exercise's source folder, with the workbook's own compiler options. A check whose inputs are
 * unchanged since the last one (in this process, or in an earlier one through `cacheFile`) answers without loading
 * TypeScript; otherwise the compiler is loaded once and its previous program reused.
 */
export function createTypeChecker(options: TypeCheckerOptions): TypeChecker {
  const root = resolve(options.root);
  const srcDir = resolve(options.srcDir);
  if (!statSync(srcDir, { throwIfNoEntry: false })?.isDirectory()) throw new TypeError(`\`srcDir\` must be a folder, got ${options.srcDir}`);
  const key = cacheKey({ root, srcDir, typescript: typescriptVersion(), baseConfig: join(root, BASE_CONFIG), lockfile: join(root, 'pnpm-lock.yaml') });
  const { cacheFile } = options;
  let last: CheckResult | undefined = cacheFile === undefined ? undefined : readResult(cacheFile, key);
  let compiler: Compiler | undefined;

  return {
    check() {
      const sources = listSources(srcDir);
      if (!last || !isCurrent(last.snapshot, sources)) {
        compiler ??= createCompiler(root, srcDir);
        const problems = compiler.check(sources);
        last = { key, snapshot: takeSnapshot(sources, compiler.dependencies()), problems };
        if (cacheFile !== undefined) writeResult(cacheFile, last);
      }
      return last.problems.map((problem): TypeProblem => ({ ...problem }));
    },
  };
}
