import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Demo, DemoContext } from '@workbook/cli';
import type { ChatRequest, ChatResponse } from '@workbook/openrouter';
import { hasRedisServer, nextMessage, spawnTs, startRedis, type RedisServer } from '@workbook/testkit';
import type { AppMessage, AppRequest } from './demo-app.js';

type Impl = typeof import('./src/index.js');

const PROMPTS = ['What is a cache stampede?', 'Why does an LRU cache need a linked list?', 'When should a cache fail open?'];
const LATE_PROMPT = 'What does single flight mean?';
const APP = fileURLToPath(new URL('./demo-app.ts', import.meta.url));

/**
 * Part 1, in this process: five users ask the same thing at once and cause one upstream call. Part 2, with a
 * private redis-server: two app processes share L2, so the second answers the first one's prompts without calling
 * upstream; then Redis dies and both keep answering.
 */
export default (async (impl, ctx) => {
  await singleProcess(impl, ctx);
  ctx.print();
  if (!hasRedisServer()) {
    ctx.print(ctx.style.warn('No redis-server here, so the two-process part is skipped.'));
    ctx.print('To see it: install Redis 7 (apt-get install redis-server, or brew install redis) and run `pnpm ex4 --demo` again.');
    ctx.print('To use Redis in your own app, start one (e.g. `docker run -p 6379:6379 redis:7`) and set USE_REDIS=true and');
    ctx.print('REDIS_URL=redis://localhost:6379 in .env.');
    return;
  }
  await twoProcesses(ctx);
}) satisfies Demo<Impl>;

function request(prompt: string): ChatRequest {
  return { model: 'openai/gpt-4o-mini', max_tokens: 80, messages: [{ role: 'user', content: prompt }] };
}

async function singleProcess(impl: Impl, ctx: DemoContext): Promise<void> {
  const { print, style } = ctx;
  print(style.bold('One process: a memory-only tiered cache (USE_REDIS unset)'));
  const cache = await impl.createTieredCache<ChatResponse>({ env: {} });
  const client = ctx.createClient();
  const chat = request(PROMPTS[0]!);
  const key = createHash('sha256').update(JSON.stringify(chat)).digest('hex');
  const ask = () => cache.getOrCompute(key, () => client.chat(chat));

  let started = performance.now();
  await Promise.all(Array.from({ length: 5 }, ask));
  print(`  5 users ask "${PROMPTS[0]}" at once → ${client.calls} upstream call (${ms(started)}): single flight`);
  started = performance.now();
  await ask();
  print(`  a 6th user asks it again → answered from L1 in ${ms(started)}, still ${client.calls} upstream call`);
  const { l1Hits, misses } = cache.stats();
  print(style.dim(`  stats: ${l1Hits} L1 hit, ${misses} misses served by one compute`));
}

async function twoProcesses(ctx: DemoContext): Promise<void> {
  const { print, style } = ctx;
  print(style.bold('Two app processes sharing a private Redis (USE_REDIS=true)'));
  let server: RedisServer | undefined;
  const apps: App[] = [];
  try {
    server = await startRedis();
    print(style.dim(`  started redis-server on ${server.url}`));
    const env = { ...process.env, USE_REDIS: 'true', REDIS_URL: server.url };
    const [a, b] = await Promise.all([App.start('A', ctx, env), App.start('B', ctx, env)]);
    apps.push(a, b);

    print('  A answers three prompts: each one a miss, computed upstream and written to L1 and Redis.');
    for (const prompt of PROMPTS) await a.ask(prompt);
    print('  B asks the same prompts: its L1 is empty, but Redis has A\'s answers.');
    for (const prompt of PROMPTS) await b.ask(prompt);
    print('  B asks one again: now it is in B\'s own L1.');
    await b.ask(PROMPTS[0]!);

    await server.kill();
    print(style.warn('  Redis is killed.'));
    print('  Both apps keep answering: what they hold in L1 still hits, new prompts go upstream.');
    await a.ask(PROMPTS[1]!);
    await a.ask(LATE_PROMPT);
    await b.ask(LATE_PROMPT);
    print(style.dim('  (B could not see A\'s new answer: with L2 down, each process is on its own — slower, never broken.)'));
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    await server?.stop();
  }
}

/** One app process, driven over IPC. */
class App {
  private constructor(
    private readonly name: string,
    private readonly child: ChildProcess,
    private readonly ctx: DemoContext,
  ) {}

  static async start(name: string, ctx: DemoContext, env: NodeJS.ProcessEnv): Promise<App> {
    const child = spawnTs(APP, [ctx.implPath], { env });
    let stderr = '';
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-2000)));
    const app = new App(name, child, ctx);
    child.on('message', (message: AppMessage) => {
      if (message.type === 'event') ctx.print(ctx.style.dim(`  ${name}: ${message.text}`));
    });
    try {
      const ready = await nextMessage(child, (m): m is Extract<AppMessage, { type: 'ready' }> => (m as AppMessage).type === 'ready');
      ctx.print(ctx.style.dim(`  app ${name} started (pid ${child.pid}), L2 ${ready.l2Status}`));
      for (const warning of ready.warnings) ctx.print(ctx.style.warn(`  ${name}: ${warning}`));
    } catch (error) {
      throw new Error(`app ${name} did not start: ${(error as Error).message}\n${stderr.trim()}`);
    }
    return app;
  }

  async ask(prompt: string): Promise<void> {
    const answer = nextMessage(this.child, (m): m is Extract<AppMessage, { type: 'answer' }> => (m as AppMessage).type === 'answer' && (m as { prompt: string }).prompt === prompt);
    this.child.send({ type: 'ask', prompt } satisfies AppRequest);
    const { source, ms, text } = await answer;
    const { style } = this.ctx;
    const label = source === 'upstream' ? style.warn('upstream') : source === 'error' ? style.bad('error') : style.ok(source.padEnd(8));
    this.ctx.print(`  ${this.name} · ${label} ${String(ms).padStart(4)} ms  "${prompt}" → ${text}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ type: 'exit' } satisfies AppRequest);
    // An app that does not leave within a second is stopped.
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  }
}

function ms(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}
