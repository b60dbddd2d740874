import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Demo } from '@workbook/cli';
import { createClient, type ChatClient, type ChatRequest, type ChatResponse } from '@workbook/openrouter';

type Impl = typeof import('./src/index.js');
type DiskCacheOf<V> = InstanceType<Impl['DiskCache']> & { get(key: string): Promise<V | undefined>; set(key: string, value: V, ttlMs?: number): Promise<boolean> };

const DAY_MS = 24 * 60 * 60 * 1000;
const SECOND_RUN = '--second-run';
const PROMPTS = [
  'What is a cache stampede?',
  'Why write to a temp file and rename it?',
  'What does fsync guarantee?',
  'When is compression worth it for a cache?',
];

const request = (prompt: string): ChatRequest => ({
  model: 'openai/gpt-4o-mini',
  temperature: 0,
  messages: [
    { role: 'system', content: 'You answer in two sentences.' },
    { role: 'user', content: prompt },
  ],
});

/** One answered prompt, as both runs report it. */
interface Answer {
  prompt: string;
  hit: boolean;
  ms: number;
  upstreamCalls: number;
}

/**
 * A small caching loop (exercise 1 builds the real one): the key is a SHA-256 of the request's JSON, a hit returns
 * the stored response, a miss asks the model and stores its answer on disk.
 */
async function ask(cache: DiskCacheOf<ChatResponse>, client: ChatClient & { calls: number }, prompt: string): Promise<Answer> {
  const body = request(prompt);
  const key = `demo:v1:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
  const start = performance.now();
  let hit = true;
  if ((await cache.get(key)) === undefined) {
    hit = false;
    await cache.set(key, await client.chat(body), DAY_MS);
  }
  return { prompt, hit, ms: performance.now() - start, upstreamCalls: client.calls };
}

/**
 * Exercise 2's demo: four prompts answered by the (offline) model and written to a cache directory; then a brand-new
 * Node process opens the same directory and gets every answer from disk, without a single model call.
 */
const demo: Demo<Impl> = async (impl, ctx) => {
  const dir = join(tmpdir(), 'workbook-ex2-demo');
  await rm(dir, { recursive: true, force: true });
  const client = ctx.createClient();
  const cache = (await impl.DiskCache.open<ChatResponse>({ dir })) as DiskCacheOf<ChatResponse>;
  const line = (a: Answer) =>
    `  ${(a.hit ? ctx.style.ok('hit ') : ctx.style.warn('miss'))} ${formatMs(a.ms).padStart(9)}  ${a.prompt.padEnd(44)} ${ctx.style.dim(`upstream calls so far: ${a.upstreamCalls}`)}`;

  ctx.print(ctx.style.bold(`Run 1 — this process, empty directory ${dir}`));
  const first: Answer[] = [];
  for (const prompt of PROMPTS) {
    first.push(await ask(cache, client, prompt));
    ctx.print(line(first.at(-1)!));
  }
  await cache.close();

  const names = (await readdir(dir)).filter((name) => /^[0-9a-f]{64}$/.test(name));
  let bytes = 0;
  for (const name of names) bytes += (await stat(join(dir, name))).size;
  ctx.print(`  On disk: ${names.length} entry files, ${bytes.toLocaleString('en-US')} bytes (the cache counts ${cache.bytes.toLocaleString('en-US')}).`);
  if (names[0]) {
    const header = JSON.parse((await readFile(join(dir, names[0]), 'utf8')).split('\n', 1)[0] ?? '{}') as { key?: string };
    const shown = JSON.stringify({ ...header, key: `${String(header.key).slice(0, 16)}…` });
    ctx.print(ctx.style.dim(`  ${names[0].slice(0, 12)}… begins with the header line ${shown}`));
  }

  ctx.print('');
  ctx.print(ctx.style.bold('Run 2 — a new Node process, same directory'));
  const answers = await secondRunInChild(ctx.implPath, dir);
  for (const answer of answers) ctx.print(line(answer));
  const hits = answers.filter((a) => a.hit).length;
  const avg = (list: Answer[]) => list.reduce((sum, a) => sum + a.ms, 0) / Math.max(list.length, 1);
  ctx.print('');
  ctx.print(ctx.style.bold('Summary'));
  ctx.print(`  The new process answered ${hits} of ${answers.length} prompts from disk and called the model ${answers.at(-1)?.upstreamCalls ?? 0} times.`);
  ctx.print(`  Average per prompt: ${formatMs(avg(first))} asking the model, ${formatMs(avg(answers))} reading the answer from disk.`);
  ctx.print(ctx.style.dim(`  The directory stays at ${dir} for you to look at; the next run starts it afresh.`));
};

/** Runs the second half of this file in a child process and collects its answers. */
function secondRunInChild(implPath: string, dir: string): Promise<Answer[]> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url), SECOND_RUN, implPath, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Answer));
      else reject(new Error(`the second process failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}

/** The child's side: open the directory again and ask the same prompts, one JSON line per answer. */
async function secondRun(implPath: string, dir: string): Promise<void> {
  const impl = (await import(pathToFileURL(implPath).href)) as Impl;
  const cache = (await impl.DiskCache.open<ChatResponse>({ dir })) as DiskCacheOf<ChatResponse>;
  const client = createClient({ env: process.env });
  for (const prompt of PROMPTS) process.stdout.write(`${JSON.stringify(await ask(cache, client, prompt))}\n`);
  await cache.close();
}

function formatMs(ms: number): string {
  return ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(0)} µs`;
}

if (process.argv[2] === SECOND_RUN && process.argv[1] === fileURLToPath(import.meta.url)) {
  await secondRun(process.argv[3]!, process.argv[4]!);
}

export default demo;
