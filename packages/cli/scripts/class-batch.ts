/**
 * `pnpm class-batch [copies]`: the class-grading check at full size. Builds a class of `copies` (default 40) copies
 * of the reference solutions plus 10 hostile or broken submissions, grades it with `workbook grade --submissions`,
 * and checks the gradebook: full marks for every copy and for the one whose only fault is a broken package.json
 * (the grader never reads it), a flag and a reason for every other row, and no grading process left behind. Prints
 * the wall time and the mean per submission. Exits 1 when a check fails.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/workbook.js', import.meta.url));
const copies = Number(process.argv[2] ?? 40);
if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`\`copies\` must be a positive whole number, got ${process.argv[2]}`);

const work = mkdtempSync(join(tmpdir(), 'workbook-class-batch-'));
const submissions = join(work, 'class');
const out = join(work, 'grades');
const solutions = join(root, 'solutions');
const exercises = ['01-ttl-cache', '02-disk-cache', '03-cache-stats', '04-advanced-cache'];

/** A copy of every exercise's reference `src/`, as a student's `exercises/` folder. */
function honest(name: string): string {
  const dir = join(submissions, name);
  for (const ex of exercises) cpSync(join(solutions, ex, 'src'), join(dir, ex, 'src'), { recursive: true });
  return dir;
}

/** An honest copy with one file of one exercise changed. */
function changed(name: string, ex: string, file: string, edit: (source: string) => string): void {
  const path = join(honest(name), ex, 'src', file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

mkdirSync(submissions);
for (let i = 1; i <= copies; i++) honest(`student-${String(i).padStart(2, '0')}`);
// Hostile and broken, each expected to be flagged with a reason (the broken package.json excepted: it costs nothing).
changed('x-endless-loop', '01-ttl-cache', 'ttl-cache.ts', (s) => s.replace('get(key: string): V | undefined {', 'get(key: string): V | undefined {\n    for (;;) {}'));
changed('x-memory-bomb', '03-cache-stats', 'index.ts', (s) => `const hoard: number[][] = [];\nfor (;;) hoard.push(new Array(1e6).fill(1));\n${s}`);
changed('x-exit-on-import', '01-ttl-cache', 'index.ts', (s) => `process.exit(0);\n${s}`);
changed('x-imports-vitest', '02-disk-cache', 'index.ts', (s) => `import 'vitest';\n${s}`);
changed('x-reads-solution', '03-cache-stats', 'index.ts', (s) => `export * as leaked from '../../../../solutions/03-cache-stats/src/index.js';\n${s}`);
honest('x-missing-exercise');
rmSync(join(submissions, 'x-missing-exercise', '03-cache-stats'), { recursive: true });
writeFileSync(join(honest('x-broken-package-json'), 'package.json'), '{ "name": oops');
mkdirSync(join(submissions, 'x-empty'));
writeFileSync(join(submissions, 'x-not-a-zip.zip'), 'PK but not really');
writeFileSync(join(submissions, 'x-zip-slip.zip'), zipSync({ '../../outside.ts': new TextEncoder().encode('export {}') }));

const started = Date.now();
const result = spawnSync(process.execPath, [bin, 'grade', '--submissions', submissions, '--out', out], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'inherit'] });
const seconds = (Date.now() - started) / 1000;
process.stdout.write(result.stdout);

const [header, ...rows] = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split('\n');
// Columns by name: a `bonus` column appears after `max` when an exercise offers extra credit.
const columns = header!.split(',');
const at = (name: string): number => columns.indexOf(name) - 1;
const problems: string[] = [];
const total = copies + 10;
if (rows.length !== total) problems.push(`${rows.length} gradebook rows for ${total} submissions`);
for (const row of rows) {
  const [student, ...rest] = row.split(',');
  const [points, max] = [rest[at('total')], rest[at('max')]].map(Number);
  const reasons = rest.slice(at('flags')).join(',');
  const full = student!.startsWith('student-') || student === 'x-broken-package-json';
  if (full && points !== max) problems.push(`${student}: ${points}/${max}, expected full marks`);
  if (!full && !(points! < max! && reasons.length > 0)) problems.push(`${student}: ${points}/${max} with no reason in the gradebook`);
}
const left = spawnSync('pgrep', ['-f', work], { encoding: 'utf8' }).stdout.trim();
if (left) problems.push(`grading processes left behind: ${left.split('\n').join(', ')}`);

console.log(`\n${total} submissions graded in ${seconds.toFixed(1)} s wall, ${(seconds / total).toFixed(1)} s per submission on average.`);
for (const problem of problems) console.log(`  ✖ ${problem}`);
rmSync(work, { recursive: true, force: true });
process.exit(problems.length === 0 && result.status === 0 ? 0 : 1);
