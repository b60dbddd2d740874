import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { studentPath, toStudentEdition } from '../bundle/edition.js';
import { committedFiles, describeHead, hasCommit, uncommittedChanges, workingFiles, type TreeFile } from '../git.js';
import type { IO } from '../io.js';
import { TargetError } from '../targets.js';

export interface BundleArgs {
  /** The folder to write to: new, or empty, and outside the checkout. */
  dir?: string;
  /** Bundle the working tree (tracked and untracked, not ignored, files) when it differs from the last commit. */
  allowDirty: boolean;
}

const MAX_CHANGES_SHOWN = 40;
const STUDENT_WORKFLOW = '.github/workflows/check.yml';

/**
 * `workbook bundle <dir>`: the student edition, built from the last commit (never from uncommitted edits, unless
 * `--allow-dirty`). It leaves out the solutions with the hidden tests, the grader's own tests, the instructor's
 * scripts and docs and README's instructor sections, and ships a lockfile that `pnpm install --frozen-lockfile`
 * accepts as it is. In the edition, `pnpm exN` scores from the public tests and says the instructor grades with more.
 */
export function bundleCommand(root: string, args: BundleArgs, io: IO): number {
  if (!args.dir) throw new TargetError('Name the folder to write the student edition to: `<dir>` is missing (workbook bundle <dir>).');
  const out = resolve(io.cwd, args.dir);
  if (existsSync(out) && readdirSync(out).length > 0) throw new TargetError(`\`<dir>\` must be a new or empty folder; ${args.dir} already has files in it.`);
  const inside = relative(root, out);
  if (inside === '' || (!inside.startsWith('..') && !inside.startsWith('/'))) {
    throw new TargetError(`\`<dir>\` must be outside the workbook checkout (${root}); ${args.dir} is inside it. Try ../student-edition.`);
  }
  if (!hasCommit(root)) {
    io.err(`The student edition is built from the last git commit, and ${root} is not a git checkout with a commit. Run it in a git clone of the workbook.`);
    return 1;
  }

  const changes = uncommittedChanges(root);
  let files: TreeFile[];
  if (changes.length === 0) {
    io.out(`Bundling the last commit, ${describeHead(root)}.`);
    files = committedFiles(root);
  } else if (!args.allowDirty) {
    throw new TargetError(
      `The working tree differs from the last commit, and the student edition is built from commits only. Commit or stash these, or pass \`--allow-dirty\` to bundle the working tree as it is:\n${listChanges(changes)}`,
    );
  } else {
    io.out(`Bundling the working tree as it is (--allow-dirty), not the last commit (${describeHead(root)}). It differs in:\n${listChanges(changes)}`);
    files = workingFiles(root);
  }

  const kept = files.flatMap((file) => {
    const path = studentPath(file.path);
    return path === undefined ? [] : [{ ...file, path, content: toStudentEdition(file.path, file.content) }];
  });
  mkdirSync(out, { recursive: true });
  for (const file of kept) write(out, file);
  io.out(
    `Wrote ${kept.length} files to ${out}: the student edition, without solutions/, the hidden tests, the grader's own tests, the instructor's scripts, templates, workflows and CONTRIBUTING.md, and without README's instructor sections; pnpm-lock.yaml matches.${kept.some((file) => file.path === STUDENT_WORKFLOW) ? ` Its GitHub workflow, ${STUDENT_WORKFLOW}, runs the public tests on every push.` : ''} Students start with: pnpm install && pnpm ex1`,
  );
  return 0;
}

function listChanges(changes: string[]): string {
  const shown = changes.slice(0, MAX_CHANGES_SHOWN).map((line) => `  ${line}`);
  if (changes.length > MAX_CHANGES_SHOWN) shown.push(`  … and ${changes.length - MAX_CHANGES_SHOWN} more (git status --porcelain)`);
  return shown.join('\n');
}

function write(out: string, file: TreeFile): void {
  const target = join(out, file.path);
  mkdirSync(dirname(target), { recursive: true });
  if (file.mode === '120000') symlinkSync(file.content.toString(), target);
  else writeFileSync(target, file.content, { mode: file.mode === '100755' ? 0o755 : 0o644 });
}
