/**
 * Chaos, disk: SIGKILLs writer processes of exercise 2's DiskCache (disk-writer.ts) in the middle of their writes,
 * 200 times one writer, then rounds of four writers at once, and after each kill opens the directories the way
 * the next process would. Counts corrupt reads, acknowledged durable writes that are gone, temp files that the
 * open left, `bytes` that differs from the bytes on disk, and directories above `maxBytes` after the open.
 * `CHAOS_DISK_IMPL=<path to an index.ts>` attacks another implementation (a student's, an older version).
 */
import { once } from 'node:events';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { nextMessage } from '@workbook/testkit';
import { durableKeys, isWhole, PLAIN_KEYS, type ChaosValue } from './disk-values.js';
import type { ChaosRow, ChaosSection } from './row.js';

type Impl = typeof import('../../../../solutions/02-disk-cache/src/index.js');

const KILLS = 200;
/** Directories attacked side by side in the first part, each by one writer at a time. */
const STREAMS = 2;
const ROUNDS = 30;
const WRITERS = 4;
/** A writer runs this long at most (ms) before its SIGKILL: long enough for a few 1 MB writes, short enough for 200. */
const MAX_RUN_MS = 300;
/** Plain writes share 24 keys of up to 1 MB each: 2 MB keeps eviction busy. */
const PLAIN_MAX_BYTES = 2_000_000;
/** Durable keys (4 per writer, up to 1 MB each) never fill this: an absent durable entry is a lost write, not an eviction. */
const DURABLE_MAX_BYTES = 40_000_000;
/** Each writer numbers its writes from its own base, so a later writer's writes are newer. */
const GEN_STRIDE = 10_000_000;

const HERE = fileURLToPath(new URL('.', import.meta.url));
const IMPL = resolve(process.env.CHAOS_DISK_IMPL ?? fileURLToPath(new URL('../../../../solutions/02-disk-cache/src/index.ts', import.meta.url)));

/** What the reopens after one attack found. */
interface Tally {
  opens: number;
  corrupt: number;
  acked: number;
  lost: number;
  /** Durable writes the cache refused (`set` → false), by error code: fsync refused, say. */
  refused: Map<string, number>;
  temps: number;
  bytesOff: number;
  worstBytesOff: number;
  overMax: number;
  worstOver: number;
}

const newTally = (): Tally => ({ opens: 0, corrupt: 0, acked: 0, lost: 0, refused: new Map(), temps: 0, bytesOff: 0, worstBytesOff: 0, overMax: 0, worstOver: 0 });

interface Writer {
  child: ChildProcess;
  ready: Promise<unknown>;
  /** SIGKILLs the writer after `ms` and waits until it is gone; rejects if it had died by itself. */
  killAfter(ms: number): Promise<void>;
}

let generation = 0;
/** Writers not yet gone: killed if this process ends first (an attack that threw must not leave them writing). */
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/**
 * The writer and the implementation, compiled once to plain JavaScript in `out`. Through tsx every one of the 320
 * writers would spend about 0.3 s of CPU loading TypeScript — most of what a 2-core machine has for this section.
 * Only the implementation's own folder is compiled (its imports of packages must be type-only, as the reference's
 * are). Returns the paths of the writer script and of the compiled implementation.
 */
async function build(out: string): Promise<{ writer: string; impl: string }> {
  const implDir = join(out, 'impl');
  await mkdir(implDir, { recursive: true });
  const compile = async (file: string, to: string): Promise<void> => {
    const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    await writeFile(join(to, basename(file).replace(/\.ts$/, '.js')), outputText);
  };
  const sources = (await readdir(dirname(IMPL))).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
  await Promise.all([
    ...sources.map((name) => compile(join(dirname(IMPL), name), implDir)),
    compile(join(HERE, 'disk-writer.ts'), out),
    compile(join(HERE, 'disk-values.ts'), out),
    writeFile(join(out, 'package.json'), '{ "type": "module" }\n'),
  ]);
  return { writer: join(out, 'disk-writer.js'), impl: join(implDir, basename(IMPL).replace(/\.ts$/, '.js')) };
}

/** Starts a writer process; it loads the implementation and waits for `go`. Acknowledgements land in `acks`. */
function startWriter(built: { writer: string; impl: string }, root: string, index: number, acks: Map<string, number>, tally: Tally): Writer {
  const args = [built.impl, root, String(index), String(++generation * GEN_STRIDE), String(PLAIN_MAX_BYTES), String(DURABLE_MAX_BYTES)];
  const child = spawn(process.execPath, [built.writer, ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  child.on('message', (message: { t: string; key?: string; gen?: number; code?: string }) => {
    if (message.t === 'ack') {
      tally.acked++;
      acks.set(message.key!, Math.max(message.gen!, acks.get(message.key!) ?? 0));
    } else if (message.t === 'refused') {
      tally.refused.set(message.code!, (tally.refused.get(message.code!) ?? 0) + 1);
    }
  });
  const ready = nextMessage(child, (m): m is { t: 'ready' } => (m as { t?: string }).t === 'ready').catch(() => Promise.reject(new Error(`a writer could not start:\n${stderr}`)));
  return {
    child,
    ready,
    async killAfter(ms) {
      child.send('go');
      const died = await Promise.race([exited, sleep(ms).then(() => undefined)]);
      if (died !== undefined) throw new Error(`a writer died before its SIGKILL (exit ${died[0]}):\n${stderr}`);
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function entryBytes(dir: string): Promise<number> {
  const names = (await readdir(dir)).filter((name) => /^[0-9a-f]{64}$/.test(name));
  const sizes = await Promise.all(names.map(async (name) => (await stat(join(dir, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Opens each directory as the next process would, and counts what is wrong. */
async function reopen(impl: Impl, root: string, acks: Map<string, number>, tally: Tally): Promise<void> {
  const allDurable = Array.from({ length: WRITERS }, (_, w) => durableKeys(w)).flat();
  for (const [name, maxBytes, keys] of [['durable', DURABLE_MAX_BYTES, allDurable], ['plain', PLAIN_MAX_BYTES, PLAIN_KEYS]] as const) {
    const dir = join(root, name);
    const cache = new impl.DiskCache<ChaosValue>({ dir, maxBytes });
    cache.on('warning', (warning) => {
      if (warning.code === 'corrupt-entry' || warning.code === 'key-mismatch') tally.corrupt++;
    });
    await cache.open();
    tally.opens++;
    tally.temps += (await readdir(dir)).filter((file) => file.endsWith('.tmp')).length;
    const onDisk = await entryBytes(dir);
    if (cache.bytes !== onDisk) {
      tally.bytesOff++;
      tally.worstBytesOff = Math.max(tally.worstBytesOff, Math.abs(cache.bytes - onDisk));
    }
    if (onDisk > maxBytes) {
      tally.overMax++;
      tally.worstOver = Math.max(tally.worstOver, onDisk / maxBytes);
    }
    for (const key of keys) {
      const value = await cache.get(key);
      const whole = value !== undefined && isWhole(key, value);
      if (value !== undefined && !whole) tally.corrupt++;
      const acked = acks.get(key);
      if (acked !== undefined && !(whole && value.gen >= acked)) tally.lost++;
    }
    await cache.close();
  }
}

function rows(attack: string, tally: Tally): ChaosRow[] {
  const refused = [...tally.refused].map(([code, n]) => `${n} ${code}`).join(', ');
  const of = (n: number) => `${n} of ${tally.opens} opens`;
  return [
    { section: 'disk', check: `corrupt reads (${attack})`, measured: String(tally.corrupt), want: '0', ok: tally.corrupt === 0 },
    {
      section: 'disk',
      check: `lost acknowledged durable writes (${attack})`,
      measured: `${tally.lost} of ${tally.acked.toLocaleString('en')}${refused ? `; refused: ${refused}` : ''}`,
      want: '0',
      ok: tally.lost === 0,
    },
    { section: 'disk', check: `temp files left after the next open (${attack})`, measured: String(tally.temps), want: '0', ok: tally.temps === 0 },
    {
      section: 'disk',
      check: `\`bytes\` ≠ bytes on disk after reopen (${attack})`,
      measured: tally.bytesOff === 0 ? `equal in ${tally.opens} opens` : `${of(tally.bytesOff)}, off by up to ${tally.worstBytesOff.toLocaleString('en')} B`,
      want: 'equal',
      ok: tally.bytesOff === 0,
    },
    {
      section: 'disk',
      check: `above maxBytes after reopen (${attack})`,
      measured: tally.overMax === 0 ? `never in ${tally.opens} opens` : `${of(tally.overMax)}, up to ${Math.round(tally.worstOver * 100)} %`,
      want: 'never',
      ok: tally.overMax === 0,
    },
  ];
}

const random = (max: number): number => Math.floor(Math.random() * max);

export const run: ChaosSection = async (log) => {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
  const impl = (await import(pathToFileURL(IMPL).href)) as Impl;
  const parent = await mkdtemp(join(tmpdir(), 'workbook-chaos-disk-'));
  try {
    log(`attacking ${IMPL}`);
    const built = await build(join(parent, 'build'));
    // One writer at a time, killed 200 times: in two directories side by side, 100 kills each, so that one stream's
    // waits overlap the other's work. The next writer loads while the current one writes, so startup costs no time.
    const serial = newTally();
    let kills = 0;
    const stream = async (root: string): Promise<void> => {
      const acks = new Map<string, number>();
      let next = startWriter(built, root, 0, acks, serial);
      for (let i = 0; i < KILLS / STREAMS; i++) {
        const current = next;
        await current.ready;
        if (i + 1 < KILLS / STREAMS) next = startWriter(built, root, 0, acks, serial);
        await current.killAfter(random(MAX_RUN_MS));
        await reopen(impl, root, acks, serial);
        if (++kills % 50 === 0) log(`${kills} SIGKILLs of one writer, ${serial.acked} durable writes acknowledged (${seconds()} s)`);
      }
    };
    await Promise.all(Array.from({ length: STREAMS }, (_, i) => stream(join(parent, `serial-${i}`))));
    // Four writers at once on the same directories, each killed at its own random moment.
    const rounds = newTally();
    const roundAcks = new Map<string, number>();
    const root2 = join(parent, 'concurrent');
    const batch = () => Array.from({ length: WRITERS }, (_, w) => startWriter(built, root2, w, roundAcks, rounds));
    let writers = batch();
    for (let r = 0; r < ROUNDS; r++) {
      const current = writers;
      await Promise.all(current.map((writer) => writer.ready));
      if (r + 1 < ROUNDS) writers = batch();
      await Promise.all(current.map((writer) => writer.killAfter(random(3 * MAX_RUN_MS))));
      await reopen(impl, root2, roundAcks, rounds);
      if ((r + 1) % 10 === 0) log(`${r + 1} rounds of ${WRITERS} writers killed at random, ${rounds.acked} durable writes acknowledged (${seconds()} s)`);
    }
    return [...rows(`${KILLS} SIGKILLs of one writer`, serial), ...rows(`${ROUNDS} rounds of ${WRITERS} writers`, rounds)];
  } finally {
    await rm(parent, { recursive: true, force: true, maxRetries: 5 });
  }
};
