import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type * as TS from 'typescript';
import { createCheckerHost } from './host.js';
import { compilerOptions } from './options.js';
import { isInside } from './submission.js';
import type { TypeProblem } from './types.js';

const require = createRequire(import.meta.url);

/** TypeScript's version, read without loading the compiler (which alone costs a few hundred milliseconds). */
export const typescriptVersion = (): string => (require('typescript/package.json') as { version: string }).version;

/** The compiler side of a checker: loaded on the first check that cannot be answered from the cache. */
export interface Compiler {
  /** Type-checks `sources` (every file under srcDir) and returns the problems located under srcDir. */
  check(sources: string[]): TypeProblem[];
  /** Every other file the last check read. */
  dependencies(): string[];
}

export function createCompiler(root: string, srcDir: string): Compiler {
  const ts = require('typescript') as typeof TS;
  const options = compilerOptions(ts, root);
  const host = createCheckerHost(ts, root, srcDir, options);
  let program: TS.Program | undefined;
  let roots: string[] = [];

  return {
    check(sources) {
      const sameRoots = sources.length === roots.length && sources.every((file, i) => file === roots[i]);
      // A file added or removed can change what an import resolves to: start from fresh resolutions then. Unchanged
      // files are still not parsed again (the host keeps them).
      if (!sameRoots) host.forgetResolutions();
      program = ts.createProgram({ rootNames: sources, options, host, ...(sameRoots && program ? { oldProgram: program } : {}) });
      roots = sources;
      const checked = program;
      return sources
        .flatMap((file) => {
          const sourceFile = checked.getSourceFile(file);
          return sourceFile ? [...checked.getSyntacticDiagnostics(sourceFile), ...checked.getSemanticDiagnostics(sourceFile)] : [];
        })
        .flatMap((diagnostic) => toProblem(ts, srcDir, diagnostic))
        .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    },
    dependencies() {
      return (program?.getSourceFiles() ?? []).map((file) => resolve(file.fileName)).filter((file) => !isInside(srcDir, file));
    },
  };
}

function toProblem(ts: typeof TS, srcDir: string, diagnostic: TS.Diagnostic): TypeProblem[] {
  const { file, start } = diagnostic;
  if (diagnostic.category !== ts.DiagnosticCategory.Error || !file || start === undefined) return [];
  const path = resolve(file.fileName);
  if (!isInside(srcDir, path)) return [];
  const { line, character } = file.getLineAndCharacterOfPosition(start);
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').replace(/\s+/g, ' ').trim();
  return [{ file: path, line: line + 1, column: character + 1, code: `TS${diagnostic.code}`, message }];
}
