import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { compilerOptions } from '../../src/typecheck/options.js';

/**
 * The public declarations of every file in `srcDirs`, as TypeScript would emit them in `.d.ts` files, with
 * comments and private members left out: what a caller of the module can see. Keyed by absolute file path.
 */
export function publicDeclarations(root: string, srcDirs: readonly string[]): Map<string, string> {
  const files = srcDirs.flatMap((dir) => readdirSync(dir).filter((name) => name.endsWith('.ts')).map((name) => join(dir, name)));
  const options: ts.CompilerOptions = { ...compilerOptions(ts, root), noEmit: false, declaration: true, emitDeclarationOnly: true, removeComments: true };
  const program = ts.createProgram(files, options);
  const out = new Map<string, string>();
  program.emit(undefined, (name, text) => {
    out.set(name.replace(/\.d\.ts$/, '.ts'), normalize(text));
  }, undefined, true);
  return out;
}

/** Leaves out what callers cannot reach (`#private` brands, `private` members) and how types are imported. */
function normalize(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*#private;$/.test(line) && !/^\s*(?:static\s+)?private\s/.test(line) && !/^import\s/.test(line) && line.trim() !== '')
    .join('\n');
}
