import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Machine } from '../src/bench/machine.js';
import { duration, renderMeasurements } from '../src/bench/markdown.js';
import { renderBench } from '../src/bench/render.js';
import { describeError, runSuite } from '../src/bench/run-suite.js';
import type { BenchResult, BenchSuite, ContenderSetup } from '../src/bench/types.js';
import { benchCommand, benchFiles, benchTarget, selectBenchFiles, subjectName } from '../src/commands/bench.js';
import type { IO } from '../src/io.js';
import { main } from '../src/main.js';
import { loadManifests } from '../src/manifest.js';
import { findRepoRoot } from '../src/paths.js';
import { resolveTarget, TargetError } from '../src/targets.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: IO = { out: (t) => out.push(t), err: (t) => err.push(t), env: { CI: 'true' }, cwd: process.cwd(), isTTY: false };
  return { io, out, err };
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A workbook with the files given, and no solutions/ unless given: the student edition's shape. */
function workbook(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bench-'));
  temps.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const manifest = (id: string, dir: string) => JSON.stringify({ id, number: Number(id.slice(2)), title: dir, dir, tasks: [{ id: 'sum', title: 'Sum', points: 10, hints: ['Add.'] }] });

/** A suite factory over `impl.sum` against a built-in peer; plain JavaScript, so it loads anywhere. */
const SUM_SUITE = `export default (impl, subject) => ({
  suite: 'sum',
  baseline: 'reduce',
  tasks: [{ name: 'sum-3', contenders: { [subject]: () => () => impl.sum([1, 2, 3]), reduce: () => () => [1, 2, 3].reduce((a, b) => a + b, 0) } }],
});
`;

/** Timing for tests: as short as tinybench allows. Nothing below asserts on a figure, only on which rows have one. */
const INSTANT = { timeMs: 1, warmupMs: 0 };

describe('what a row says when the code under test throws', () => {
  it.each([
    [new Error('TODO(ex1.ttl-cache): get 3a…'), 'not implemented yet (ex1.ttl-cache)'],
    [new TypeError('impl.TTLCache is not a constructor\n    at setup (x.ts:1:1)'), 'impl.TTLCache is not a constructor'],
    ['a string', 'a string'],
  ])('%s → %s', (error, text) => {
    expect(describeError(error)).toBe(text);
  });

  it('shortens a long first line', () => {
    expect(describeError(new Error('x'.repeat(300)))).toHaveLength(100);
  });
});

describe('running a suite', () => {
  const suite = (subject: ContenderSetup): BenchSuite => ({
    suite: 's',
    baseline: 'peer',
    tasks: [{ name: 't', contenders: { yours: subject, peer: () => () => 1 } }],
  });

  it('reports a contender whose setup throws a TODO as not implemented yet, and measures the others', async () => {
    const rows = await runSuite(
      suite(() => {
        throw new Error('TODO(ex1.ttl-cache): constructor');
      }),
      INSTANT,
    );
    expect(rows.find((r) => r.contender === 'yours')).toEqual({ suite: 's', task: 't', contender: 'yours', opsPerSec: null, ratio: null, error: 'not implemented yet (ex1.ttl-cache)' });
    const peer = rows.find((r) => r.contender === 'peer')!;
    expect(peer.error).toBeUndefined();
    expect(peer.opsPerSec).toBeGreaterThan(0);
    expect(peer.ratio).toBe(1);
  });

  it('reports a contender that throws while measured', async () => {
    const rows = await runSuite(
      suite(() => () => {
        throw new RangeError('`maxEntries` must be positive');
      }),
      INSTANT,
    );
    expect(rows.find((r) => r.contender === 'yours')?.error).toBe('`maxEntries` must be positive');
  });

  it('leaves ratios out when the baseline itself threw', async () => {
    const rows = await runSuite({ suite: 's', baseline: 'yours', tasks: [{ name: 't', contenders: { yours: () => () => Promise.reject(new Error('TODO(ex4.batch): getMany')), peer: () => () => 1 } }] }, INSTANT);
    const peer = rows.find((r) => r.contender === 'peer')!;
    expect(peer.opsPerSec).toBeGreaterThan(0);
    expect(peer.ratio).toBeNull();
  });

  it('tears down a contender that threw after its setup', async () => {
    let released = false;
    const fn = () => {
      throw new Error('boom');
    };
    await runSuite(suite(() => ({ fn, teardown: () => (released = true) })), INSTANT);
    expect(released).toBe(true);
  });

  it('measures nothing in a skipped suite', async () => {
    expect(await runSuite({ ...suite(() => () => 1), skip: 'no redis-server binary found' }, INSTANT)).toEqual([]);
  });
});

describe('the terminal table', () => {
  const suite: BenchSuite = { suite: 's', baseline: 'peer', tasks: [], targets: [{ task: 'get', contender: 'yours', minRatio: 1 }] };

  it('puts the error where the figures would be', () => {
    const text = renderBench(suite, [
      { suite: 's', task: 'get', contender: 'yours', opsPerSec: null, ratio: null, error: 'not implemented yet (ex1.ttl-cache)' },
      { suite: 's', task: 'get', contender: 'peer', opsPerSec: 1_000_000, ratio: 1 },
    ]);
    expect(text).toMatch(/get\s+yours\s+✖ not implemented yet \(ex1\.ttl-cache\)\n/);
    expect(text).toMatch(/get\s+peer\s+1,000,000\s+1\.00×$/);
  });

  it('says why a suite was skipped', () => {
    expect(renderBench({ ...suite, skip: 'no redis-server binary found' }, [])).toBe('s: skipped: no redis-server binary found');
  });
});

describe('the measurements appendix', () => {
  const machine: Machine = { cpu: 'Example CPU @ 3.00GHz', cores: 8, memoryBytes: 16 * 2 ** 30, os: 'Linux 6.1.0 (x64)', node: 'v20.19.0', load: 0.25 };
  const lru: BenchSuite = { suite: 'lru', baseline: 'lru-cache', tasks: [], targets: [{ task: 'get-hit', contender: 'reference', minRatio: 1 }] };
  const results: BenchResult[] = [
    { suite: 'lru', task: 'get-hit', contender: 'reference', opsPerSec: 20_000_000, ratio: 1.25, opsPerCall: 1000, meanMs: 0.05, p99Ms: 0.0812 },
    { suite: 'lru', task: 'get-hit', contender: 'lru-cache', opsPerSec: 16_000_000, ratio: 1, opsPerCall: 1000, meanMs: 0.0625, p99Ms: 0.1 },
    { suite: 'lru', task: 'get-miss', contender: 'reference', opsPerSec: null, ratio: null, error: 'not implemented | yet' },
  ];
  const text = renderMeasurements({
    machine,
    date: new Date('2026-12-03T09:00:00Z'),
    timing: { timeMs: 600, warmupMs: 150 },
    quick: false,
    suites: [
      { suite: lru, results },
      { suite: { suite: 'tiered-batch', baseline: 'x', tasks: [], skip: 'no redis-server binary found' }, results: [] },
    ],
  });

  it('opens with a generated-file header naming the command', () => {
    expect(text.split('\n')[0]).toBe('<!-- Generated by `pnpm bench --markdown`: do not edit by hand; run the command again to refresh it. -->');
  });

  it('names the machine, the date and the timing', () => {
    expect(text).toContain('| CPU | Example CPU @ 3.00GHz, 8 cores |');
    expect(text).toContain('| Memory | 16.0 GiB |');
    expect(text).toContain('| OS | Linux 6.1.0 (x64) |');
    expect(text).toContain('| Node.js | v20.19.0 |');
    expect(text).toContain('| Date | 2026-12-03 |');
    expect(text).toContain('| Timing | full: 600 ms of measuring per contender after 150 ms of warm-up |');
  });

  it('has a table per suite with ops/s, ratio, mean, p99 and the target', () => {
    expect(text).toContain('## lru\n\nRatios against lru-cache unless the task says otherwise.\n\n| task | contender | ops/s | ratio | mean | p99 | target |');
    expect(text).toContain('| get-hit (× 1,000 per call) | reference | 20,000,000 | 1.25× | 50.0 µs | 81.2 µs | ≥ 1.00× ✔ |');
    expect(text).toContain('| get-hit (× 1,000 per call) | lru-cache | 16,000,000 | 1.00× | 62.5 µs | 100 µs |  |');
  });

  it('keeps a row that threw, with its error escaped for the table', () => {
    expect(text).toContain('| get-miss | reference | — | — | — | — | ✖ not implemented \\| yet |');
  });

  it('says why a suite was not measured', () => {
    expect(text).toContain('## tiered-batch\n\nNot measured: no redis-server binary found.');
  });

  it('says so in the header and the timing when the run was quick', () => {
    const quick = renderMeasurements({ machine, date: new Date(0), timing: { timeMs: 50, warmupMs: 10 }, quick: true, suites: [] });
    expect(quick.split('\n')[0]).toContain('`pnpm bench --markdown --quick`');
    expect(quick).toMatch(/\| Timing \| quick: 50 ms .* Rough figures/);
  });

  it.each([
    [0.00085, '850 ns'],
    [0.0123, '12.3 µs'],
    [4.567, '4.57 ms'],
    [1200, '1.20 s'],
    [undefined, '—'],
  ])('writes %s ms as %s', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});

describe('choosing suites and code', () => {
  const root = findRepoRoot();
  const manifests = loadManifests(root);
  const files = benchFiles(root, manifests);
  const names = (only: string[]) => selectBenchFiles(files, manifests, only).map((f) => f.name);

  it('finds every suite beside the starters, in exercise order', () => {
    expect(files.map((f) => `${f.manifest.id}/${f.name}`)).toEqual(['ex1/ttl-cache', 'ex2/disk-cache', 'ex3/cache-stats', 'ex4/lru', 'ex4/semantic', 'ex4/tiered-batch']);
    expect(files.every((f) => f.file.startsWith(join(root, 'exercises')))).toBe(true);
  });

  it('selects by exercise id or suite name, all when none is named', () => {
    expect(names(['ex4'])).toEqual(['lru', 'semantic', 'tiered-batch']);
    expect(names(['ex1', 'lru'])).toEqual(['ttl-cache', 'lru']);
    expect(names([])).toHaveLength(files.length);
  });

  it('rejects an unknown name, listing exercises and suites', () => {
    expect(() => names(['ex9'])).toThrow(TargetError);
    expect(() => names(['ex9'])).toThrow(/Unknown exercise or suite ex9: name an exercise \(ex1, ex2, ex3, ex4\) or a suite \(ttl-cache, /);
  });

  it('measures your code by default and the reference with --target solutions', () => {
    expect(benchTarget(root, { markdown: false, only: [] }, root)).toEqual({ label: 'exercises', dir: join(root, 'exercises') });
    expect(benchTarget(root, { markdown: false, only: [], target: 'solutions' }, root).dir).toBe(join(root, 'solutions'));
    expect(subjectName(resolveTarget(root, undefined, root))).toBe('yours');
    expect(subjectName(resolveTarget(root, 'solutions', root))).toBe('reference');
  });

  it('refuses to measure a folder other than exercises/ or solutions/: it would run unsandboxed', () => {
    expect(() => benchTarget(root, { markdown: false, only: [], target: 'submissions/alice' }, root)).toThrow(/runs the code it measures in this process, outside the grader's sandbox, so it measures only `exercises` or `solutions`, not "submissions\/alice"\. Grade a submission with `pnpm grade --target <dir>`/);
  });

  it('makes --markdown measure the reference solutions, every suite', () => {
    expect(benchTarget(root, { markdown: true, only: [] }, root).label).toBe('solutions');
    expect(() => benchTarget(root, { markdown: true, only: [], target: 'exercises' }, root)).toThrow(/`--markdown` measures the reference solutions; leave out `--target exercises`/);
    expect(() => benchTarget(root, { markdown: true, only: ['ex1'] }, root)).toThrow(/`--markdown` writes every suite into theory\/measurements\.md; leave out ex1/);
  });

  it('refuses --markdown without solutions/, pointing to pnpm bench exN', () => {
    const edition = workbook({ 'exercises/01-x/manifest.json': manifest('ex1', '01-x') });
    expect(() => benchTarget(edition, { markdown: true, only: [] }, edition)).toThrow(/no solutions\/ folder \(the student edition leaves it out\)\. Measure your own code with `pnpm bench exN`/);
  });

  it('reports a bad option through the usage, with exit code 2', async () => {
    const { io, err } = capture();
    expect(await main(['bench', '--markdown', '--target', 'exercises'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/`--markdown`[\s\S]*Usage:/);
    expect(await main(['bench', 'ex9'], io)).toBe(2);
    expect(await main(['bench', '--fast'], io)).toBe(2);
  });
});

describe('pnpm bench in the student edition (no solutions/)', () => {
  it('measures the student code it finds, and says which exercise is not done yet', async () => {
    const root = workbook({
      'exercises/01-done/manifest.json': manifest('ex1', '01-done'),
      'exercises/01-done/src/index.ts': 'export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);\n',
      'exercises/01-done/bench/sum.bench.ts': SUM_SUITE,
      'exercises/02-todo/manifest.json': manifest('ex2', '02-todo'),
      'exercises/02-todo/src/index.ts': "export function sum(xs: number[]): number {\n  throw new Error(`TODO(ex2.sum): sum of ${xs.length}`);\n}\n",
      'exercises/02-todo/bench/sum2.bench.ts': SUM_SUITE.replace("suite: 'sum'", "suite: 'sum2'"),
      'exercises/03-broken/manifest.json': manifest('ex3', '03-broken'),
      'exercises/03-broken/src/index.ts': "throw new Error('cannot start');\n",
      'exercises/03-broken/bench/sum3.bench.ts': SUM_SUITE.replace("suite: 'sum'", "suite: 'sum3'"),
    });
    const { io, out } = capture();
    const code = await benchCommand(root, loadManifests(root), { only: [], quick: true, json: true, markdown: false }, io);
    const { target, results } = JSON.parse(out.join('\n')) as { target: string; results: BenchResult[] };
    expect(target).toBe('exercises');
    const row = (suite: string, contender: string) => results.find((r) => r.suite === suite && r.contender === contender);
    expect(row('sum', 'yours')?.opsPerSec).toBeGreaterThan(0);
    expect(row('sum2', 'yours')?.error).toBe('not implemented yet (ex2.sum)');
    expect(row('sum2', 'reduce')?.opsPerSec).toBeGreaterThan(0);
    expect(row('sum3', 'yours')).toMatchObject({ task: 'load', error: 'could not load exercises/03-broken/src/index.ts: cannot start' });
    expect(code).toBe(1);
  });
});
