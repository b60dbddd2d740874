import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IO } from '../io.js';

/** What a student bundle leaves out: the reference solutions with the hidden tests, and the check that needs them. */
const INSTRUCTOR_ONLY = [/^solutions\//, /^packages\/cli\/test\/authoring\.test\.ts$/];

/**
 * `workbook bundle <dir>`: copies the workbook as students should get it — every tracked file except the
 * solutions and hidden tests — into a new, empty folder. In the bundle, `pnpm exN` grades from the public tests.
 */
export function bundleCommand(root: string, outDir: string | undefined, io: IO): number {
  if (!outDir) {
    io.err('Name the folder to write the bundle to: workbook bundle <dir>');
    return 2;
  }
  const out = resolve(io.cwd, outDir);
  if (existsSync(out) && readdirSync(out).length > 0) {
    io.err(`\`<dir>\` must be a new or empty folder; ${outDir} already has files in it.`);
    return 2;
  }
  let files: string[];
  try {
    files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch {
    io.err('The bundle is built from the files git tracks: run it in a git checkout of the workbook.');
    return 1;
  }
  const kept = files.filter((file) => !INSTRUCTOR_ONLY.some((pattern) => pattern.test(file)) && existsSync(join(root, file)));
  for (const file of kept) cpSync(join(root, file), join(out, file));
  io.out(`Wrote ${kept.length} files to ${out} (without solutions/ and the hidden tests). Students start with: pnpm install && pnpm ex1`);
  return 0;
}
