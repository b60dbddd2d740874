import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';

/** The bytes of every file that decides a grade, read before code under test runs. */
export interface Seal {
  root: string;
  /** Test folders: a file that appears in one of them afterwards was written by the run. */
  dirs: string[];
  files: Map<string, Buffer>;
}

const SKIP = new Set(['node_modules', '.git']);

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
  });
}

/** The installed folder of a package the grade depends on (the test framework and its assertion library). */
function packageDir(root: string, name: string): string | undefined {
  try {
    const require = createRequire(join(root, 'packages', 'cli', 'package.json'));
    const vitestDir = dirname(require.resolve('vitest/package.json'));
    const fromVitest = createRequire(join(vitestDir, 'package.json'));
    return dirname(fromVitest.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * What code under test must not change: the exercise's hidden and public tests, every manifest, the grader and test
 * kit, the workspace configuration, and the installed test framework. Where the tests start no child processes, only
 * the tests: Node's permission model keeps the test processes from writing anywhere else.
 */
export function protectedPaths(root: string, toolRoot: string, exerciseDir: string, childProcesses: boolean): string[] {
  const tests = [join(root, 'solutions', exerciseDir, 'hidden'), join(root, 'exercises', exerciseDir, 'test')];
  if (!childProcesses) return tests;
  const framework = ['vitest', '@vitest/runner', '@vitest/expect', '@vitest/utils', '@vitest/spy', '@vitest/snapshot', 'chai'].map((name) => packageDir(toolRoot, name));
  return [
    ...tests,
    ...readdirSync(join(root, 'exercises')).map((dir) => join(root, 'exercises', dir, 'manifest.json')),
    ...['cli', 'testkit'].flatMap((name) => ['src', 'bin', 'package.json'].map((part) => join(toolRoot, 'packages', name, part))),
    join(root, 'package.json'),
    join(root, 'pnpm-workspace.yaml'),
    join(root, 'vitest.config.ts'),
    join(root, '.workbook', 'spec'),
    ...framework.filter((dir): dir is string => dir !== undefined),
  ];
}

/** Reads the protected paths; `watchDirs` are the test folders in which no file may appear. */
export function seal(root: string, paths: string[], watchDirs: string[]): Seal {
  const files = new Map<string, Buffer>();
  for (const path of paths) for (const file of listFiles(path)) files.set(file, readFileSync(file));
  return { root, dirs: watchDirs.filter((dir) => existsSync(dir)), files };
}

/**
 * Compares the sealed files with the disk and puts every one back as it was: rewritten and deleted files are
 * restored, and a file that appeared in a test folder is moved to `.workbook/quarantine/`, out of every later grade.
 * Returns what had changed, relative to the root.
 */
export function verifyAndRestore(sealed: Seal): string[] {
  const changed: string[] = [];
  for (const [file, bytes] of sealed.files) {
    let now: Buffer | undefined;
    try {
      now = readFileSync(file);
    } catch {
      now = undefined;
    }
    if (now?.equals(bytes)) continue;
    changed.push(`${relative(sealed.root, file)} ${now ? 'was rewritten' : 'was deleted or renamed'}`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  for (const dir of sealed.dirs) {
    for (const file of listFiles(dir)) {
      if (sealed.files.has(file)) continue;
      const rel = relative(sealed.root, file);
      changed.push(`${rel} appeared`);
      const aside = join(sealed.root, '.workbook', 'quarantine', `${Date.now()}`, rel);
      mkdirSync(dirname(aside), { recursive: true });
      renameSync(file, aside);
    }
  }
  return changed;
}
