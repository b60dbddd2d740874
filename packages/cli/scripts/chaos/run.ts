/**
 * `pnpm test:chaos [disk|redis|lock|input …] [--burn]`: attacks the reference solutions the way an operator's
 * worst day would (SIGKILLed writers, a Redis killed, hung and restarted, a lock holder dying, bad input) and prints
 * one table of counts. Exits 1 when any count misses what is wanted. `--burn` runs two CPU-burning processes for
 * the whole run. Slow (minutes), so it is not part of `pnpm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { ChaosRow, ChaosSection } from './row.js';

const sections: Record<string, () => Promise<ChaosSection>> = {
  disk: async () => (await import('./disk.js')).run,
  redis: async () => (await import('./redis.js')).run,
  lock: async () => (await import('./lock.js')).run,
  input: async () => (await import('./bad-input.js')).run,
};

const args = process.argv.slice(2);
const burn = args.includes('--burn');
const wanted = args.filter((arg) => arg !== '--burn');
const unknown = wanted.filter((name) => !(name in sections));
if (unknown.length > 0) {
  console.error(`Unknown chaos section ${unknown.join(', ')}: the sections are ${Object.keys(sections).join(', ')}.`);
  process.exit(2);
}

/** A process that keeps one core busy until it is killed. */
function burner(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'for (;;) Math.sqrt(Math.random());'], { stdio: 'ignore' });
  child.unref();
  return child;
}

function table(rows: ChaosRow[]): string {
  const header = ['', 'section', 'check', 'measured', 'want'];
  const lines = rows.map((row) => [row.ok ? 'ok' : 'MISS', row.section, row.check, row.measured, row.want]);
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

const burners = burn ? [burner(), burner()] : [];
process.on('exit', () => burners.forEach((child) => child.kill('SIGKILL')));
const rows: ChaosRow[] = [];
const started = Date.now();
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
  const run = await sections[name]!();
  const log = (line: string) => console.log(`[${name}] ${line}`);
  try {
    rows.push(...(await run(log)));
  } catch (error) {
    rows.push({ section: name, check: 'section ran to the end', measured: error instanceof Error ? error.message : String(error), want: 'no error', ok: false });
  }
}
console.log(`\n${table(rows)}\n`);
const misses = rows.filter((row) => !row.ok).length;
console.log(`${misses === 0 ? 'All' : `${rows.length - misses} of`} ${rows.length} counts as wanted${burn ? ', with two CPU-burning processes running' : ''} (${((Date.now() - started) / 1000).toFixed(0)} s).`);
process.exit(misses === 0 ? 0 : 1);
