import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { committedFiles } from '../git.js';

const TEMPLATES = join(import.meta.dirname, '..', '..', 'templates');

/** A file in the autograder zip leaves out the reference solutions' code: Gradescope needs only the hidden tests. */
export function inAutograder(path: string): boolean {
  return !/^solutions\/[^/]+\/(src|bench)\//.test(path);
}

const executable = (content: Uint8Array): [Uint8Array, { os: number; attrs: number }] => [content, { os: 3, attrs: 0o100755 << 16 }];

/**
 * Gradescope's autograder zip, built from the last commit: the workbook without the solutions' code, plus
 * `setup.sh` (installs Node, pnpm, redis-server and the workbook's dependencies) and `run_autograder` (grades
 * /autograder/submission with the hidden tests and writes /autograder/results/results.json).
 */
export function gradescopeZip(root: string): { zip: Uint8Array; files: string[] } {
  const tree: Zippable = {};
  const files: string[] = [];
  for (const file of committedFiles(root).filter((f) => inAutograder(f.path))) {
    tree[file.path] = file.mode === '100755' ? executable(file.content) : file.content;
    files.push(file.path);
  }
  tree['setup.sh'] = executable(readFileSync(join(TEMPLATES, 'gradescope-setup.sh')));
  tree['run_autograder'] = executable(readFileSync(join(TEMPLATES, 'gradescope-run_autograder')));
  files.push('setup.sh', 'run_autograder');
  return { zip: zipSync(tree, { level: 6 }), files };
}
