import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../src/paths.js';
import { createTypeChecker } from '../src/typecheck/index.js';

const root = findRepoRoot();
const exerciseDirs = ['01-ttl-cache', '02-disk-cache', '03-cache-stats', '04-advanced-cache'];
const scratch = mkdtempSync(join(tmpdir(), 'workbook-typecheck-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of `<root>/<from>/src` at `<scratch>/<name>/<exercise>/src`, outside the checkout. */
function copySource(from: string, name: string): string {
  const srcDir = join(scratch, name, from.split('/').at(-1)!, 'src');
  cpSync(join(root, from, 'src'), srcDir, { recursive: true });
  return srcDir;
}

/** Appends lines to a file and returns the 1-based line number of the first one. */
function append(file: string, ...lines: string[]): number {
  const before = readFileSync(file, 'utf8').replace(/\n?$/, '\n');
  writeFileSync(file, before + lines.join('\n') + '\n');
  return before.split('\n').length;
}

describe('the type checker', { timeout: 120_000 }, () => {
  it.each(exerciseDirs)('finds nothing wrong with the reference solution %s', (dir) => {
    expect(createTypeChecker({ root, srcDir: join(root, 'solutions', dir, 'src') }).check()).toEqual([]);
  });

  it('reports an injected type error with its file, line, column and code, as plain text', () => {
    const srcDir = copySource('exercises/01-ttl-cache', 'injected');
    const file = join(srcDir, 'cache-key.ts');
    const line = append(file, "export const x: number = 'a';");
    const problems = createTypeChecker({ root, srcDir }).check();
    expect(problems).toEqual([{ file, line, column: 14, code: 'TS2322', message: expect.stringContaining("Type 'string' is not assignable to type 'number'") }]);
    expect(problems[0]?.message).not.toMatch(/[\n\u001b]/);
  });

  it('ignores a broken tsconfig.json and package.json beside or inside the submission, and keeps its files ES modules', () => {
    const srcDir = copySource('solutions/01-ttl-cache', 'broken-config');
    for (const dir of [join(srcDir, '..'), srcDir]) {
      writeFileSync(join(dir, 'tsconfig.json'), '{ "extends": "../../missing/tsconfig.base.json", "compilerOptions": { "strict": false, "types": ["nope"] ');
      writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs", ');
    }
    // `import.meta` is an error in a CommonJS file: it would be reported if the package.json were obeyed.
    writeFileSync(join(srcDir, 'where.ts'), 'export const here: string = import.meta.url;\n');
    expect(createTypeChecker({ root, srcDir }).check()).toEqual([]);
  });

  it('resolves the checkout packages and Node types for a folder outside the checkout', () => {
    const srcDir = copySource('solutions/04-advanced-cache', 'outside');
    expect(createTypeChecker({ root, srcDir }).check(), 'keyv, @keyv/redis, @workbook/cache and node: imports resolve').toEqual([]);

    // Real types, not `any`: a misuse of each import is an error.
    const file = join(srcDir, 'misuse.ts');
    writeFileSync(
      file,
      [
        "import { createHash } from 'node:crypto';",
        "import type { Cache } from '@workbook/cache';",
        "import { OfflineClient } from '@workbook/openrouter';",
        "import { missing } from 'not-a-package';",
        "export const digest: number = createHash('sha256');",
        'export const cache: Cache = 42;',
        'export const client: number = new OfflineClient();',
        'export { missing };',
      ].join('\n'),
    );
    const codes = createTypeChecker({ root, srcDir })
      .check()
      .map((p) => `${p.line} ${p.code}`);
    expect(codes).toEqual(expect.arrayContaining(['4 TS2307', '5 TS2322', '6 TS2322', '7 TS2322']));
  });

  it('sees an edit on the next check, in the same process and through the cache file', () => {
    const srcDir = copySource('exercises/04-advanced-cache', 'edits');
    const cacheFile = join(scratch, 'edits.tsbuildinfo.json');
    const checker = createTypeChecker({ root, srcDir, cacheFile });
    expect(checker.check()).toEqual([]);

    const file = join(srcDir, 'lru-cache.ts');
    const line = append(file, 'export const wrong: boolean = 1;');
    const expected = [expect.objectContaining({ file, line, code: 'TS2322' })];
    expect(checker.check(), 're-check after a save').toEqual(expected);
    expect(createTypeChecker({ root, srcDir, cacheFile }).check(), 'a new process reading the cache file').toEqual(expected);

    writeFileSync(file, readFileSync(file, 'utf8').replace('export const wrong: boolean = 1;\n', ''));
    expect(createTypeChecker({ root, srcDir, cacheFile }).check(), 'the cache notices the fix').toEqual([]);
    expect(checker.check()).toEqual([]);
  });

  it('refuses a srcDir that is not a folder', () => {
    expect(() => createTypeChecker({ root, srcDir: join(scratch, 'nowhere') })).toThrow(/`srcDir` must be a folder/);
  });
});
