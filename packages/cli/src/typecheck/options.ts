import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TS from 'typescript';

/** The checker's compiler options are the workbook's own: read from this file at the repository root. */
export const BASE_CONFIG = 'tsconfig.base.json';

/**
 * The options every check uses: the root's `tsconfig.base.json` (strict and the rest), never the submission's own
 * tsconfig.json, which may be missing, broken or extend a path that only exists in the checkout.
 */
export function compilerOptions(ts: typeof TS, root: string): TS.CompilerOptions {
  const file = join(root, BASE_CONFIG);
  const { config, error } = ts.parseConfigFileTextToJson(file, readFileSync(file, 'utf8'));
  if (error) throw new Error(`${file} is not valid JSON: ${ts.flattenDiagnosticMessageText(error.messageText, ' ')}`);
  // Only `compilerOptions`: parsing the whole config would scan the checkout for `include`d files.
  const { options, errors } = ts.convertCompilerOptionsFromJson((config as { compilerOptions?: unknown }).compilerOptions ?? {}, root, file);
  if (errors.length > 0) throw new Error(`${file}: ${errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, ' ')).join('; ')}`);
  return {
    ...options,
    // A check writes nothing, and trusts the declaration files it reads (checking @types/node costs seconds).
    noEmit: true,
    skipLibCheck: true,
    // The only ambient types are Node's, from the checkout, wherever the submission lives.
    types: ['node'],
    typeRoots: [join(root, 'node_modules', '@types')],
    // Incremental state is the checker's own business (see results-cache.ts), not a tsbuildinfo next to the code.
    incremental: false,
    composite: false,
  };
}
