import { pruneLockfile } from './lockfile.js';

/**
 * What makes the student edition: which files stay, and how the few that mention instructor-only parts change.
 * Pure functions of paths and texts, so the rules are tested without git or a file system.
 */

/**
 * Left out of the student edition: the reference solutions with the hidden tests, hidden tests anywhere else, the
 * grader's own test suites (they need the solutions), the instructor's scripts, templates and CI (the instructor's
 * GitHub workflows grade the class with a token), the authoring guide.
 */
const INSTRUCTOR_ONLY: RegExp[] = [/^solutions\//, /(^|\/)hidden\//, /^packages\/cli\/test\//, /^packages\/cli\/scripts\//, /^packages\/cli\/templates\//, /^\.ci\//, /^\.github\//, /^CONTRIBUTING\.md$/];

/** Files that move in the student edition: the students' workflow template becomes the edition's own workflow. */
const MOVED: Record<string, string> = { 'packages/cli/templates/github-classroom-student.yml': '.github/workflows/check.yml' };

/**
 * Root scripts for the instructor: they need `solutions/` (test:solutions), the scripts left out above
 * (load-check, watch-latency, test:mutation), or make sense only in the instructor's copy (bundle). `bench` stays:
 * its suites live beside the starters and measure the student's own code.
 */
export const INSTRUCTOR_SCRIPTS = ['test:solutions', 'load-check', 'watch-latency', 'test:mutation', 'bundle', 'release:gradescope'];

/** A root script is the instructor's when it is listed above or runs a file the edition leaves out. */
function instructorScript(name: string, command: string): boolean {
  return INSTRUCTOR_SCRIPTS.includes(name) || command.split(/\s+/).some((word) => isInstructorOnly(word.replace(/^\.\//, '')));
}

/** Root devDependencies only the instructor's scripts use (StrykerJS, for test:mutation). */
const instructorDependency = (name: string): boolean => name.startsWith('@stryker-mutator/');

/** Marks a Markdown block as instructor-only; the student edition drops the markers and what is between them. */
export const INSTRUCTOR_OPEN = '<!-- instructor -->';
export const INSTRUCTOR_CLOSE = '<!-- /instructor -->';

export function isInstructorOnly(path: string): boolean {
  return INSTRUCTOR_ONLY.some((pattern) => pattern.test(path));
}

/** Where a file of the instructor's tree goes in the student edition, or undefined when it stays out. */
export function studentPath(path: string): string | undefined {
  return MOVED[path] ?? (isInstructorOnly(path) ? undefined : path);
}

/** A file's content in the student edition: the same bytes, except for the few files that name instructor-only parts. */
export function toStudentEdition(path: string, content: Buffer): Buffer {
  const text = () => content.toString('utf8');
  if (path === 'package.json') return Buffer.from(studentPackageJson(text()));
  if (path === 'pnpm-workspace.yaml') return Buffer.from(studentWorkspace(text()));
  if (path === 'pnpm-lock.yaml') return Buffer.from(studentLockfile(text()));
  if (path.endsWith('.md')) return Buffer.from(stripInstructorBlocks(text(), path));
  return content;
}

/** The root package.json without the instructor's scripts and the devDependencies only they use. */
export function studentPackageJson(text: string): string {
  const pkg = JSON.parse(text) as { scripts?: Record<string, string>; devDependencies?: Record<string, string> };
  if (pkg.scripts) pkg.scripts = Object.fromEntries(Object.entries(pkg.scripts).filter(([name, command]) => !instructorScript(name, command)));
  if (pkg.devDependencies) pkg.devDependencies = Object.fromEntries(Object.entries(pkg.devDependencies).filter(([name]) => !instructorDependency(name)));
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** pnpm-workspace.yaml without `solutions/*` in its `packages:` list. */
export function studentWorkspace(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s+-\s+['"]?solutions\//.test(line))
    .join('\n');
}

/** The lockfile as pnpm writes it for the student workspace: no `solutions/*` importers, no instructor-only packages. */
export function studentLockfile(text: string): string {
  return pruneLockfile(text, { dropImporter: (path) => path.startsWith('solutions/'), dropRootDependency: instructorDependency });
}

/** Markdown without its `<!-- instructor -->` … `<!-- /instructor -->` blocks (each marker on a line of its own). */
export function stripInstructorBlocks(text: string, path = 'a Markdown file'): string {
  if (!text.includes(INSTRUCTOR_OPEN) && !text.includes(INSTRUCTOR_CLOSE)) return text;
  const kept: string[] = [];
  let depth = 0;
  for (const line of text.split('\n')) {
    const marker = line.trim();
    if (marker === INSTRUCTOR_OPEN) depth += 1;
    else if (marker === INSTRUCTOR_CLOSE) {
      if (depth === 0) throw new Error(`${path}: ${INSTRUCTOR_CLOSE} without an ${INSTRUCTOR_OPEN} before it`);
      depth -= 1;
    } else if (depth === 0) kept.push(line);
  }
  if (depth !== 0) throw new Error(`${path}: ${INSTRUCTOR_OPEN} without its ${INSTRUCTOR_CLOSE}`);
  // A removed block leaves no run of blank lines behind.
  return kept.join('\n').replace(/\n{3,}/g, '\n\n');
}
