import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type * as TS from 'typescript';
import { isInside, standInFor } from './submission.js';

/** What makes the submission's files ES modules, whatever package.json sits beside them (or is missing or broken). */
const SCOPE_PACKAGE_JSON = '{ "type": "module" }';

export interface CheckerHost extends TS.CompilerHost {
  /** Forgets module resolutions, so a file added or removed since the last check is seen. */
  forgetResolutions(): void;
}

interface CachedSource {
  /** The text for a submission file (small, and edited within a clock tick); mtime and size for the rest. */
  version: string;
  format: TS.ResolutionMode;
  sourceFile: TS.SourceFile;
}

/**
 * Parsed (and, once checked, bound) files by compiler options, shared by every checker in the process: checking
 * a second exercise, or the same one again, parses only the files that differ or changed (as a language service's
 * document registry does).
 */
const parsed = new Map<string, Map<string, CachedSource>>();

/**
 * A compiler host that type-checks `srcDir` as if it lived in the checkout:
 * - bare imports (`@workbook/cache`, `keyv`, `node:fs`) resolve from {@link standInFor}, so a copy in /tmp works;
 * - a package.json inside `srcDir` is invisible and the one beside it reads `{"type":"module"}`, so the submission's
 *   own package.json can neither break the check nor turn its files into CommonJS;
 * - parsed files are kept and handed out again while unchanged, so a re-check parses only what was edited.
 */
export function createCheckerHost(ts: typeof TS, root: string, srcDir: string, options: TS.CompilerOptions): CheckerHost {
  const base = ts.createCompilerHost(options, true);
  const standIn = standInFor(root, srcDir);
  const scopeFile = join(dirname(srcDir), 'package.json');
  const hidden = (path: string) => basename(path) === 'package.json' && isInside(srcDir, resolve(path));
  const optionsKey = JSON.stringify(options);
  const sources = parsed.get(optionsKey) ?? new Map<string, CachedSource>();
  parsed.set(optionsKey, sources);
  let resolutions = ts.createModuleResolutionCache(root, base.getCanonicalFileName, options);

  const host: CheckerHost = {
    ...base,
    // tsc's own setting: JSDoc is parsed only where it carries types (JavaScript), which saves a third of the parse.
    jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
    getCurrentDirectory: () => root,
    fileExists: (path) => resolve(path) === scopeFile || (!hidden(path) && base.fileExists(path)),
    readFile: (path) => (resolve(path) === scopeFile ? SCOPE_PACKAGE_JSON : hidden(path) ? undefined : base.readFile(path)),
    getSourceFile(fileName, languageVersionOrOptions, onError) {
      const path = resolve(fileName);
      const format = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions.impliedNodeFormat : undefined;
      let text: string | undefined;
      let version: string;
      try {
        if (isInside(srcDir, path)) {
          text = readFileSync(path, 'utf8');
          version = text;
        } else {
          const stats = statSync(path);
          version = `${stats.mtimeMs}:${stats.size}`;
        }
      } catch (error) {
        onError?.(error instanceof Error ? error.message : String(error));
        return undefined;
      }
      const cached = sources.get(path);
      if (cached?.version === version && cached.format === format) return cached.sourceFile;
      text ??= readFileSync(path, 'utf8');
      const sourceFile = ts.createSourceFile(fileName, text, languageVersionOrOptions, false);
      sources.set(path, { version, format, sourceFile });
      return sourceFile;
    },
    resolveModuleNameLiterals(literals, containingFile, redirectedReference, compilerOptions, containingSourceFile) {
      const fromStandIn = isInside(srcDir, containingFile) ? join(standIn, relative(srcDir, containingFile)) : containingFile;
      return literals.map((literal) => {
        // Relative imports stay inside the submission; only bare ones are looked up from the checkout.
        const from = ts.isExternalModuleNameRelative(literal.text) ? containingFile : fromStandIn;
        const mode = ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
        return ts.resolveModuleName(literal.text, from, compilerOptions, host, resolutions, redirectedReference, mode);
      });
    },
    forgetResolutions() {
      resolutions = ts.createModuleResolutionCache(root, base.getCanonicalFileName, options);
    },
  };
  return host;
}
