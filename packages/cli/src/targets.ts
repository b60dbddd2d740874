import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ExerciseManifest } from './manifest.js';

/** Where the code under test lives: `exercises` (the default), `solutions`, or any folder. */
export interface Target {
  /** What the grader's JSON calls it: `exercises`, `solutions`, or the folder as given. */
  label: string;
  /** The folder that holds `NN-name/src/index.ts` (or, for a single exercise, `src/index.ts`). */
  dir: string;
}

export class TargetError extends Error {
  override name = 'TargetError';
}

export function resolveTarget(root: string, target: string | undefined, cwd = process.cwd()): Target {
  if (target === undefined || target === 'exercises') return { label: 'exercises', dir: join(root, 'exercises') };
  if (target === 'solutions') return { label: 'solutions', dir: join(root, 'solutions') };
  const dir = resolve(cwd, target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TargetError(`\`--target\` must be exercises, solutions or a folder; ${target} is not a folder.`);
  }
  return { label: target, dir };
}

/**
 * The entry point `@impl` resolves to for one exercise, or undefined when the target has no code for it. A target
 * may be a folder of exercise folders (`01-ttl-cache/src/index.ts`), of bare `src/` folders (`01-ttl-cache/index.ts`),
 * a whole student repository (`exercises/01-ttl-cache/src/index.ts`), or one exercise (`src/index.ts`, `index.ts`).
 */
export function implEntry(target: Target, manifest: ExerciseManifest): string | undefined {
  const candidates = [
    join(target.dir, manifest.dir, 'src', 'index.ts'),
    join(target.dir, manifest.dir, 'index.ts'),
    join(target.dir, 'exercises', manifest.dir, 'src', 'index.ts'),
    join(target.dir, 'src', 'index.ts'),
    join(target.dir, 'index.ts'),
  ];
  return candidates.find((file) => existsSync(file));
}

/** Test files for an exercise: public ones beside the starter, hidden ones beside the reference solution. */
export function testFiles(root: string, manifest: ExerciseManifest, which: 'public' | 'hidden'): string[] {
  const dir = which === 'public' ? join(root, 'exercises', manifest.dir, 'test') : join(root, 'solutions', manifest.dir, 'hidden');
  return existsSync(dir) ? listTests(dir) : [];
}

function listTests(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file))
    .sort();
}

/** A path relative to the repository, for messages. */
export function shortPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') ? file : rel;
}
