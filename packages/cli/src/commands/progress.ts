import type { IO } from '../io.js';
import type { ExerciseManifest } from '../manifest.js';
import { readProgress, renderProgress } from '../progress.js';
import { makeStyle, wantsColor } from '../render/style.js';

/** `pnpm progress`: each exercise's last score from `pnpm exN` and the next thing to do. Reads only; exit 0. */
export function progressCommand(root: string, manifests: ExerciseManifest[], io: IO): number {
  io.out(renderProgress(manifests, readProgress(root), makeStyle(wantsColor(io.env, io.isTTY)), io.columns ?? 80));
  return 0;
}
