import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isInstructorOnly, stripInstructorBlocks, studentPackageJson, studentPath, studentWorkspace } from '../src/bundle/edition.js';
import { pruneLockfile } from '../src/bundle/lockfile.js';
import { bundleCommand } from '../src/commands/bundle.js';
import type { GradedExercise } from '../src/grade/score.js';
import type { IO } from '../src/io.js';
import { main } from '../src/main.js';
import { PUBLIC_ONLY_NOTE, renderChecklist } from '../src/render/checklist.js';
import { TargetError } from '../src/targets.js';

function capture(cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: IO = { out: (t) => out.push(t), err: (t) => err.push(t), env: { CI: 'true' }, cwd, isTTY: false };
  return { io, out, err };
}

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edition-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' }).toString();

/** A tiny workbook in a git repository, committed: starter, solution with a hidden test, instructor docs. */
function tinyRepo(): string {
  const root = join(tempDir(), 'repo');
  const files: Record<string, string> = {
    'README.md': 'For everyone.\n\n<!-- instructor -->\nFor the instructor.\n<!-- /instructor -->\n\nAlso for everyone.\n',
    'CONTRIBUTING.md': 'How to author.\n',
    '.gitignore': 'ignored.txt\n',
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n  - exercises/*\n  - solutions/*\n',
    'exercises/01-x/src/index.ts': 'export const answer = 0; // TODO\n',
    'exercises/01-x/test/answer.test.ts': 'public test\n',
    'solutions/01-x/src/index.ts': 'export const answer = 42;\n',
    'solutions/01-x/hidden/answer/answer.test.ts': 'hidden test\n',
    'packages/cli/test/authoring.test.ts': 'grader test\n',
    'packages/cli/scripts/load-check.ts': 'script\n',
    'packages/cli/src/main.ts': 'cli\n',
    'packages/cli/templates/github-classroom-student.yml': 'name: Check\n',
    'packages/cli/templates/github-classroom-grade.yml': 'name: Grade the class\n',
    '.github/workflows/grade-class.yml': 'name: Grade the class\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'start');
  return root;
}

describe('what the student edition leaves out', () => {
  it.each([
    'solutions/01-ttl-cache/src/ttl-cache.ts',
    'solutions/01-ttl-cache/hidden/ttl-cache/expiry.test.ts',
    'exercises/01-ttl-cache/hidden/x.test.ts',
    'packages/cli/test/authoring.test.ts',
    'packages/cli/test/fixtures/repo/solutions/01-guard/src/index.ts',
    'packages/cli/scripts/load-check.ts',
    '.ci/run',
    '.github/workflows/grade-class.yml',
    'packages/cli/templates/github-classroom-grade.yml',
    'packages/cli/templates/gradescope-setup.sh',
    'CONTRIBUTING.md',
  ])('leaves out %s', (path) => {
    expect(isInstructorOnly(path)).toBe(true);
    expect(studentPath(path)).toBeUndefined();
  });

  it('makes the students\' workflow template the edition\'s own workflow', () => {
    expect(studentPath('packages/cli/templates/github-classroom-student.yml')).toBe('.github/workflows/check.yml');
  });

  it.each(['exercises/01-ttl-cache/src/ttl-cache.ts', 'exercises/01-ttl-cache/test/ttl-cache.test.ts', 'packages/cli/src/main.ts', 'packages/testkit/test/redis-server.test.ts', 'README.md', 'pnpm-lock.yaml'])('keeps %s', (path) => {
    expect(isInstructorOnly(path)).toBe(false);
  });

  it('drops the instructor scripts (listed, or running a file left out) and StrykerJS from the root package.json, keeping the rest, bench included', () => {
    const pkg = JSON.parse(
      studentPackageJson(JSON.stringify({ name: 'w', scripts: { ex1: 'workbook run ex1', bench: 'workbook bench', 'test:solutions': 'x', 'load-check': 'x', 'watch-latency': 'x', 'test:mutation': 'x', bundle: 'x', 'release:zip': 'tsx packages/cli/scripts/release.ts', progress: 'workbook progress' }, devDependencies: { '@stryker-mutator/core': '~9', vitest: '^4' } })),
    );
    expect(Object.keys(pkg.scripts)).toEqual(['ex1', 'bench', 'progress']);
    expect(pkg.devDependencies).toEqual({ vitest: '^4' });
  });

  it('drops solutions/* from the workspace', () => {
    expect(studentWorkspace("packages:\n  - packages/*\n  - exercises/*\n  - 'solutions/*'\n\nallowBuilds:\n  esbuild: true\n")).toBe('packages:\n  - packages/*\n  - exercises/*\n\nallowBuilds:\n  esbuild: true\n');
  });

  it('strips instructor blocks from Markdown, and leaves a file without markers byte for byte', () => {
    expect(stripInstructorBlocks('a\n\n<!-- instructor -->\nsecret\n<!-- /instructor -->\n\nb\n')).toBe('a\n\nb\n');
    const plain = 'a\n\n\n\nb\n';
    expect(stripInstructorBlocks(plain)).toBe(plain);
  });

  it('refuses an instructor block that is never closed, naming the file', () => {
    expect(() => stripInstructorBlocks('<!-- instructor -->\nsecret\n', 'README.md')).toThrow(/README\.md: <!-- instructor --> without its <!-- \/instructor -->/);
  });
});

const LOCKFILE = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true

importers:

  .:
    devDependencies:
      '@stryker-mutator/core':
        specifier: ~9.6.1
        version: 9.6.1
      vitest:
        specifier: ^4.1.0
        version: 4.1.12(tsx@4.0.0)

  exercises/01-x:
    dependencies:
      '@workbook/cache':
        specifier: workspace:*
        version: link:../../packages/cache

  solutions/01-x:
    devDependencies:
      lru-cache:
        specifier: ^11.2.0
        version: 11.2.0
      tinybench:
        specifier: ^6.0.0
        version: 6.2.3

packages:

  '@stryker-mutator/core@9.6.1':
    resolution: {integrity: sha512-a}

  lru-cache@11.2.0:
    resolution: {integrity: sha512-b}

  tinybench@6.2.3:
    resolution: {integrity: sha512-c}

  tsx@4.0.0:
    resolution: {integrity: sha512-d}

  vitest@4.1.12:
    resolution: {integrity: sha512-e}

snapshots:

  '@stryker-mutator/core@9.6.1':
    dependencies:
      lru-cache: 11.2.0

  lru-cache@11.2.0: {}

  tinybench@6.2.3: {}

  tsx@4.0.0: {}

  vitest@4.1.12(tsx@4.0.0):
    dependencies:
      tinybench: 6.2.3
      tsx: 4.0.0
`;

describe('the student lockfile', () => {
  const pruned = pruneLockfile(LOCKFILE, { dropImporter: (path) => path.startsWith('solutions/'), dropRootDependency: (name) => name.startsWith('@stryker-mutator/') });

  it('drops the solutions importers and the root dependencies asked for', () => {
    expect(pruned).not.toContain('solutions/01-x');
    expect(pruned).not.toContain('@stryker-mutator');
    expect(pruned).toContain('  exercises/01-x:\n');
  });

  it('drops the packages nothing left reaches, and keeps what the rest reaches through peers and dependencies', () => {
    expect(pruned).not.toContain('lru-cache');
    expect(pruned).toMatch(/\n {2}tinybench@6\.2\.3:\n {4}resolution/);
    expect(pruned).toContain('\n  tinybench@6.2.3: {}\n');
    expect(pruned).toContain('\n  tsx@4.0.0:\n    resolution');
    expect(pruned).toContain('\n  vitest@4.1.12(tsx@4.0.0):\n');
  });

  it('keeps the layout pnpm writes: one blank line between entries, none doubled', () => {
    expect(pruned).not.toMatch(/\n\n\n/);
    expect(pruned.endsWith('      tsx: 4.0.0\n')).toBe(true);
  });

  it('changes nothing when nothing is dropped', () => {
    const real = readFileSync(join(import.meta.dirname, '..', '..', '..', 'pnpm-lock.yaml'), 'utf8');
    expect(pruneLockfile(real, { dropImporter: () => false, dropRootDependency: () => false })).toBe(real);
  });
});

// Each of these runs git a few times: seconds on a loaded machine.
describe('pnpm bundle <dir>', { timeout: 120_000 }, () => {
  it('asks for the folder, naming `<dir>`, with exit code 2', async () => {
    const { io, err } = capture();
    expect(await main(['bundle'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/`<dir>` is missing[\s\S]*Usage:/);
  });

  it('refuses to write into a folder that has files', async () => {
    const { io, err } = capture();
    expect(await main(['bundle', '.'], io)).toBe(2);
    expect(err.join()).toMatch(/`<dir>` must be a new or empty folder/);
  });

  it('refuses an unknown option, with usage', async () => {
    const { io, err } = capture();
    expect(await main(['bundle', join(tempDir(), 'out'), '--dirty'], io)).toBe(2);
    expect(err.join()).toMatch(/--dirty[\s\S]*Usage:/);
  });

  it('refuses a folder inside the checkout', () => {
    const root = tinyRepo();
    const { io } = capture(root);
    expect(() => bundleCommand(root, { dir: 'student', allowDirty: false }, io)).toThrow(/`<dir>` must be outside the workbook checkout/);
  });

  it('builds the student edition from the last commit, without instructor-only files and sections', () => {
    const root = tinyRepo();
    const out = join(tempDir(), 'out');
    const { io, out: printed } = capture();
    expect(bundleCommand(root, { dir: out, allowDirty: false }, io)).toBe(0);
    expect(printed.join('\n')).toMatch(/Bundling the last commit, [0-9a-f]+ start/);
    expect(readFileSync(join(out, 'exercises/01-x/src/index.ts'), 'utf8')).toContain('TODO');
    expect(existsSync(join(out, 'exercises/01-x/test/answer.test.ts'))).toBe(true);
    expect(existsSync(join(out, 'packages/cli/src/main.ts'))).toBe(true);
    for (const gone of ['solutions', 'CONTRIBUTING.md', 'packages/cli/test', 'packages/cli/scripts', 'packages/cli/templates', '.github/workflows/grade-class.yml']) expect(existsSync(join(out, gone)), gone).toBe(false);
    expect(readFileSync(join(out, '.github/workflows/check.yml'), 'utf8')).toBe('name: Check\n');
    expect(printed.join('\n')).toMatch(/\.github\/workflows\/check\.yml, runs the public tests/);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('For everyone.\n\nAlso for everyone.\n');
    expect(readFileSync(join(out, 'pnpm-workspace.yaml'), 'utf8')).not.toContain('solutions');
  });

  it('refuses a working tree with uncommitted changes, listing them and naming --allow-dirty', () => {
    const root = tinyRepo();
    writeFileSync(join(root, 'exercises/01-x/src/index.ts'), 'export const answer = 42; // pasted\n');
    writeFileSync(join(root, 'notes.md'), 'new\n');
    writeFileSync(join(root, 'ignored.txt'), 'ignored\n');
    const { io } = capture();
    let error: unknown;
    try {
      bundleCommand(root, { dir: join(tempDir(), 'out'), allowDirty: false }, io);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TargetError);
    const message = (error as Error).message;
    expect(message).toMatch(/`--allow-dirty`/);
    expect(message).toContain(' M exercises/01-x/src/index.ts');
    expect(message).toContain('?? notes.md');
    expect(message).not.toContain('ignored.txt');
  });

  it('with --allow-dirty, bundles the working tree (tracked and untracked, not ignored) and says what differs', () => {
    const root = tinyRepo();
    writeFileSync(join(root, 'exercises/01-x/src/index.ts'), 'export const answer = 1;\n');
    writeFileSync(join(root, 'notes.md'), 'new\n');
    writeFileSync(join(root, 'ignored.txt'), 'ignored\n');
    const out = join(tempDir(), 'out');
    const { io, out: printed } = capture();
    expect(bundleCommand(root, { dir: out, allowDirty: true }, io)).toBe(0);
    expect(printed.join('\n')).toMatch(/working tree as it is \(--allow-dirty\)[\s\S]* M exercises\/01-x\/src\/index\.ts[\s\S]*\?\? notes\.md/);
    expect(readFileSync(join(out, 'exercises/01-x/src/index.ts'), 'utf8')).toBe('export const answer = 1;\n');
    expect(existsSync(join(out, 'notes.md'))).toBe(true);
    expect(existsSync(join(out, 'ignored.txt'))).toBe(false);
    expect(existsSync(join(out, 'solutions'))).toBe(false);
  });

  it('ships the last commit\'s version of a file edited since the hand-out', () => {
    const root = tinyRepo();
    writeFileSync(join(root, 'exercises/01-x/src/index.ts'), 'export const answer = 7;\n');
    git(root, 'commit', '-q', '-am', 'seven');
    const out = join(tempDir(), 'out');
    expect(bundleCommand(root, { dir: out, allowDirty: false }, capture().io)).toBe(0);
    expect(readFileSync(join(out, 'exercises/01-x/src/index.ts'), 'utf8')).toBe('export const answer = 7;\n');
  });
});

describe('the checklist in the student edition', () => {
  const exercise: GradedExercise = { id: 'ex1', title: 'TTL cache', points: 0, maxPoints: 10, bonusPoints: 0, maxBonusPoints: 0, notes: [], tampered: [], tests: [], tasks: [{ id: 'a', title: 'Basics', points: 0, maxPoints: 10, passed: 0, total: 1, rules: [], tests: [] }] };

  it('says under the header that the score comes from the public tests and the instructor grades with more', () => {
    const lines = renderChecklist(exercise, { target: 'your code', publicOnly: true, columns: 80 }).split('\n');
    expect(lines[1]).toContain('grading your code');
    expect(lines[2]).toBe(`  ${PUBLIC_ONLY_NOTE}`);
    expect(PUBLIC_ONLY_NOTE).toMatch(/public tests.*instructor grades with more \(hidden\) tests/);
  });

  it('says nothing of it where hidden tests grade the run', () => {
    expect(renderChecklist(exercise, { target: 'your code' })).not.toContain(PUBLIC_ONLY_NOTE);
  });
});
