/**
 * `pnpm test:mutation [ex1 …]`: StrykerJS mutates each reference solution and runs that exercise's hidden tests
 * against every mutant. Prints `exN mutation score: 93.4%` per exercise, lists the survivors that are not marked
 * equivalent in equivalents/exN.json, and exits 1 when any exercise is below the threshold (default 90 %,
 * `MUTATION_THRESHOLD` to change). Runs as many test processes as there are cores (`MUTATION_CONCURRENCY` to
 * change). Slow, so it is not part of `pnpm test`.
 *
 * While working on one file's survivors, `MUTATION_MUTATE` (comma-separated globs relative to the repository, e.g.
 * `solutions/02-disk-cache/src/envelope.ts`) replaces the files to mutate; the score then covers only those files,
 * so give the exercise too (`MUTATION_MUTATE=… pnpm test:mutation ex2`). Unset, every file of the solution's `src/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogLevel } from '@stryker-mutator/api/core';
import { Stryker } from '@stryker-mutator/core';
import { scoreMutants, originalText, type Equivalent } from './score.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const threshold = Number(process.env['MUTATION_THRESHOLD'] ?? 90);
const concurrency = Number(process.env['MUTATION_CONCURRENCY'] ?? availableParallelism());
/** `MUTATION_MUTATE`: the files to mutate instead of the whole solution (see above). */
const globs = (process.env['MUTATION_MUTATE'] ?? '').split(',').map((glob) => glob.trim()).filter((glob) => glob !== '');
const only = globs.length > 0 ? globs : undefined;
/** The survivors reviewed as equivalent, per exercise: `equivalents/exN.json`. */
function equivalents(id: string): Equivalent[] {
  const file = join(here, 'equivalents', `${id}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Equivalent[]) : [];
}

interface Manifest {
  id: string;
  dir: string;
}
const manifests = ['01-ttl-cache', '02-disk-cache', '03-cache-stats', '04-advanced-cache']
  .map((dir) => join(root, 'exercises', dir, 'manifest.json'))
  .filter((file) => existsSync(file))
  .map((file) => JSON.parse(readFileSync(file, 'utf8')) as Manifest);

const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !manifests.some((m) => m.id === id));
if (unknown.length > 0) {
  console.error(`Unknown exercise ${unknown.join(', ')}: the exercises are ${manifests.map((m) => m.id).join(', ')}.`);
  process.exit(2);
}

async function mutate(manifest: Manifest) {
  process.env['MUTATION_EXERCISE'] = manifest.dir;
  const started = Date.now();
  const results = await new Stryker({
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: relative(root, join(here, 'vitest.config.ts')), related: false },
    mutate: only ?? [`solutions/${manifest.dir}/src/**/*.ts`],
    coverageAnalysis: 'perTest',
    // The first, unmutated run of a slow suite on a busy machine can take longer than Stryker's 5 minutes.
    dryRunTimeoutMinutes: Number(process.env['MUTATION_DRY_RUN_MINUTES'] ?? 30),
    reporters: ['progress-append-only', 'json'],
    jsonReporter: { fileName: `.workbook/mutation/${manifest.id}.json` },
    concurrency,
    // The sandbox needs the shared packages and this one exercise's solution, nothing else.
    ignorePatterns: ['/exercises', '/solutions/*', `!/solutions/${manifest.dir}`, '/.workbook', '/.git', '/packages/cli/test/fixtures', '**/.stryker-tmp'],
    tempDirName: `.workbook/stryker-${manifest.id}`,
    cleanTempDir: 'always',
    logLevel: 'warn' as LogLevel,
  }).runMutationTest();
  return { results, seconds: (Date.now() - started) / 1000 };
}

process.chdir(root);
let failed = false;
for (const manifest of manifests.filter((m) => wanted.length === 0 || wanted.includes(m.id))) {
  const { results, seconds } = await mutate(manifest);
  const score = scoreMutants(results, equivalents(manifest.id));
  for (const mutant of score.survivors) {
    const where = `${relative(root, mutant.fileName)}:${mutant.location.start.line}:${mutant.location.start.column}`;
    const original = originalText(readFileSync(mutant.fileName, 'utf8'), mutant);
    console.log(`  survived ${where} ${mutant.mutatorName}: ${JSON.stringify(original)} → ${JSON.stringify(mutant.replacement)}`);
  }
  for (const entry of score.unused) console.log(`  stale equivalent (matches no survivor): ${entry.file} ${entry.mutator} ${JSON.stringify(entry.original)} → ${JSON.stringify(entry.replacement)}`);
  const below = score.percent < threshold;
  failed ||= below;
  console.log(`${manifest.id} mutation score: ${score.percent.toFixed(1)}% (${score.killed}/${score.counted} killed, ${score.equivalent} marked equivalent, ${seconds.toFixed(0)} s)${below ? ` — below ${threshold}%` : ''}`);
}
process.exit(failed ? 1 : 0);
