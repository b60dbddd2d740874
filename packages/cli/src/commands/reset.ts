import { execFileSync } from 'node:child_process';
import { describeHead, hasCommit, uncommittedChanges } from '../git.js';
import type { IO } from '../io.js';
import type { ExerciseManifest } from '../manifest.js';
import { forgetExercise } from '../progress.js';
import { TargetError } from '../targets.js';

export interface ResetArgs {
  /** `1`, `01`, `ex1` or `01-ttl-cache`. */
  exercise?: string;
  /** Skip the confirmation. */
  yes: boolean;
}

/** The exercise an argument names: `1`, `01`, `ex1` or the folder name; an unknown one is an error listing the valid ones. */
export function resolveExercise(manifests: ExerciseManifest[], arg: string | undefined): ExerciseManifest {
  const valid = manifests.map((m) => m.id).join(', ');
  if (!arg) throw new TargetError(`Name the exercise to reset: \`<exercise>\` is missing (one of ${valid}, or its number).`);
  const wanted = arg.trim().toLowerCase();
  const number = /^(?:ex)?0*(\d+)$/.exec(wanted)?.[1];
  const found = manifests.find((m) => (number !== undefined ? m.number === Number(number) : m.dir === wanted));
  if (!found) throw new TargetError(`Unknown exercise ${JSON.stringify(arg)}: the exercises are ${valid} (or their numbers, 1 to ${manifests.length}).`);
  return found;
}

/**
 * `pnpm reset <n>`: puts one exercise's `src/` back as the last commit has it, after a confirmation on a terminal
 * (`--yes` skips it; without a terminal, `--yes` is required). Files the commit does not have are left in place.
 */
export async function resetCommand(root: string, manifests: ExerciseManifest[], args: ResetArgs, io: IO): Promise<number> {
  const manifest = resolveExercise(manifests, args.exercise);
  const src = `exercises/${manifest.dir}/src`;
  if (!hasCommit(root)) {
    io.err(`pnpm reset restores ${src} from git, and ${root} is not a git checkout with a commit. Get the starter from the workbook's hand-out instead.`);
    return 1;
  }
  const inHead = execFileSync('git', ['ls-tree', '-r', '--name-only', 'HEAD', '--', src], { cwd: root, encoding: 'utf8' }).trim();
  if (!inHead) {
    io.err(`The last commit has no ${src}: nothing to restore it from.`);
    return 1;
  }
  const changes = uncommittedChanges(root, [src]);
  if (changes.length === 0) {
    io.out(`${src} is already as the last commit has it; nothing to reset.`);
    return 0;
  }
  const list = changes.map((line) => `  ${line}`).join('\n');
  if (!args.yes) {
    if (!io.ask) throw new TargetError(`pnpm reset overwrites your work in ${src} and asks first, but there is no terminal to ask on: pass \`--yes\` to reset without asking.`);
    io.out(`These changes in ${src} will be lost:\n${list}`);
    const answer = await io.ask(`Restore ${src} to the starter from the last commit (${describeHead(root)})? [y/N] `);
    if (!/^\s*y(es)?\s*$/i.test(answer)) {
      io.out('Nothing was changed.');
      return 1;
    }
  }
  execFileSync('git', ['checkout', 'HEAD', '--', src], { cwd: root, stdio: 'pipe' });
  forgetExercise(root, manifest.id);
  const extra = uncommittedChanges(root, [src]).filter((line) => line.startsWith('??'));
  io.out(`Restored ${src} from the last commit. Run pnpm ${manifest.id} to start it again.`);
  if (extra.length > 0) io.out(`Left in place, since the starter does not have them:\n${extra.map((line) => `  ${line.slice(3)}`).join('\n')}`);
  return 0;
}
