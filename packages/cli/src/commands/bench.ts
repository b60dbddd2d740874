import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { missedTargets, renderBench } from '../bench/render.js';
import { runSuite } from '../bench/run-suite.js';
import type { BenchResult, BenchSuite } from '../bench/types.js';
import type { IO } from '../io.js';
import { makeStyle, wantsColor } from '../render/style.js';

export interface BenchArgs {
  json: boolean;
  /** Only suites with these names; all when empty. */
  only: string[];
  /** Shorter measurements, for a smoke run. */
  quick: boolean;
}

/** Every `solutions/NN-name/bench/*.bench.ts`, in exercise order. */
export function benchFiles(root: string): string[] {
  const solutions = join(root, 'solutions');
  if (!existsSync(solutions)) return [];
  return readdirSync(solutions)
    .sort()
    .flatMap((dir) => {
      const bench = join(solutions, dir, 'bench');
      return existsSync(bench) ? readdirSync(bench).filter((f) => f.endsWith('.bench.ts')).sort().map((f) => join(bench, f)) : [];
    });
}

/** `pnpm bench`: tinybench suites, ratios measured in the same run; `--json` prints only the results. */
export async function benchCommand(root: string, args: BenchArgs, io: IO): Promise<number> {
  const style = makeStyle(wantsColor(io.env, io.isTTY));
  const timing = args.quick ? { timeMs: 50, warmupMs: 10 } : { timeMs: 600, warmupMs: 150 };
  const results: BenchResult[] = [];
  const missed: string[] = [];
  for (const file of benchFiles(root)) {
    const suite = (await import(pathToFileURL(file).href)).default as BenchSuite;
    if (args.only.length > 0 && !args.only.includes(suite.suite)) continue;
    if (!args.json) io.out(style.dim(`Measuring ${suite.suite}…`));
    const rows = await runSuite(suite, timing);
    results.push(...rows);
    missed.push(...missedTargets(suite, rows));
    if (!args.json) io.out(`${renderBench(suite, rows, style)}\n`);
  }
  if (args.json) io.out(JSON.stringify({ results }, null, 2));
  else if (missed.length > 0) io.out(style.warn(`Targets missed in this run:\n${missed.map((m) => `  - ${m}`).join('\n')}`));
  return 0;
}
