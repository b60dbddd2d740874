/**
 * `pnpm watch-latency [saves]`: how long `pnpm ex1 --watch` takes from saving a file to printing the new checklist.
 * Starts the watcher on the exercise 1 starter, waits for its first checklist, then re-saves a source file
 * (unchanged content) `saves` times (default 5), timing each until the next checklist; prints each and the median.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/workbook.js', import.meta.url));
const file = `${root}exercises/01-ttl-cache/src/cache-key.ts`;
const saves = Number(process.argv[2] ?? 5);

const child = spawn(process.execPath, [bin, 'run', 'ex1', '--watch'], { cwd: root, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'inherit'] });
let buffer = '';
let waiting: (() => void) | undefined;
child.stdout.on('data', (chunk: Buffer) => {
  buffer += chunk.toString();
  if (/Total: .* points/.test(buffer)) {
    buffer = '';
    waiting?.();
  }
});
const nextChecklist = (): Promise<void> => new Promise((resolve) => (waiting = resolve));

try {
  await nextChecklist();
  // Let the spare worker finish loading, as it would while a student types.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const content = readFileSync(file);
  const times: number[] = [];
  for (let i = 0; i < saves; i += 1) {
    const started = performance.now();
    const shown = nextChecklist();
    writeFileSync(file, content);
    await shown;
    times.push(performance.now() - started);
    console.log(`save ${i + 1}: ${(times.at(-1)! / 1000).toFixed(2)} s`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  times.sort((a, b) => a - b);
  console.log(`median from save to checklist: ${(times[Math.floor(times.length / 2)]! / 1000).toFixed(2)} s`);
} finally {
  child.kill('SIGINT');
}
