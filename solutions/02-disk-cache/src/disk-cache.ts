import { EventEmitter } from 'node:events';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Cache } from '@workbook/cache';
import { decodePayload, encodePayload, type Compression } from './compression.js';
import { decodeEntry, encodeEntry, type EntryHeader } from './envelope.js';
import { DIR_MODE, DirectorySync, isNotFound, isProcessAlive, readFileAsync, removeFile, writeFileAtomic } from './files.js';
import { fromJson, toJson } from './json.js';
import { entryFileName, INDEX_FILE, isEntryFileName, tempFileWriter } from './names.js';
import { SizeIndex } from './size-index.js';
import { assertBytes, assertKey, assertTtl } from './validate.js';

/** Values whose JSON is longer than this are compressed unless `compressAboveBytes` says otherwise. */
export const DEFAULT_COMPRESS_ABOVE_BYTES = 4096;

/** How long the saved use order may lag behind memory before it is saved again, in ms. */
const INDEX_SAVE_DELAY_MS = 2000;

export interface DiskCacheOptions {
  /**
   * The directory that holds the entries, one file each; created with mode 0700 when missing. Give every cache its
   * own directory: `clear()` removes every entry file in it.
   */
  dir: string;
  /**
   * Time to live, in milliseconds, for entries set without their own `ttlMs`. An entry written at `t` is returned
   * until `t + ttlMs - 1` and is a miss from `t + ttlMs`. The file stores the absolute expiry, so a later process
   * honours it too.
   * @default Infinity (entries never expire)
   */
  ttlMs?: number;
  /**
   * Most bytes of entry files (headers included) the directory may hold. After a `set` that goes over, the least
   * recently used entries are removed until it is under again; a value whose file alone would be larger is not
   * stored (`set` resolves to `false`). Each process enforces the limit on what it knows: writers running at the
   * same time can overshoot it until one of them opens the directory again.
   * @default Infinity (no limit)
   */
  maxBytes?: number;
  /**
   * Values whose JSON is longer than this many bytes are stored compressed (when that makes them smaller). Below
   * about one filesystem block (4 KiB) compression saves no disk space — a file takes a whole block anyway — and
   * still costs time on every read and write. `0` compresses every value, `Infinity` none.
   * @default 4096
   */
  compressAboveBytes?: number;
  /** The codec for compressed values: `'br'` (brotli, quality 4) or `'gzip'`. Both are always readable. @default 'br' */
  compression?: Compression;
  /**
   * fsync each written file before its rename and the directory after it, so an entry survives a power cut once
   * `set` resolves (deletes likewise). Two fsyncs cost about 0.6 ms per write on the workbook's machines, more on
   * many disks; concurrent writes share the directory fsync. Without it, entries are still never torn by a crash —
   * a power cut may only lose the last seconds of writes, and damaged files read as misses.
   * @default false
   */
  durable?: boolean;
  /**
   * Reject calls when the disk fails (permissions, a full disk, I/O errors) instead of emitting an `error` event
   * and answering as a miss (`get` → undefined, `set` → false). Bad arguments always throw.
   * @default false
   */
  throwOnErrors?: boolean;
  /**
   * The clock, in milliseconds since the epoch. Expiry times are stored absolute, so every process sharing a
   * directory should use the same clock. Inject one in tests to move time without sleeping.
   * @default () => Date.now()
   */
  now?: () => number;
}

/** Something the cache noticed and handled by itself: the call still answered. */
export interface DiskCacheWarning {
  /**
   * - `corrupt-entry`: an entry file was truncated, not in the cache's format, or its checksum did not match; it
   *   was removed and read as a miss.
   * - `unsupported-version`: an entry written in a format version this code does not know; read as a miss, kept.
   * - `key-mismatch`: the file for this key holds another key (a collision, or a file copied in); a miss, kept.
   * - `corrupt-index`: the index of the use order was unreadable; the order was rebuilt from modification times.
   * - `too-large`: a value's file alone would exceed `maxBytes`; it was not stored.
   */
  code: 'corrupt-entry' | 'unsupported-version' | 'key-mismatch' | 'corrupt-index' | 'too-large';
  message: string;
  /** Absolute path of the file concerned. */
  file: string;
  /** The key asked for, when there was one. */
  key?: string;
}

/** The cache's operations, as `error` events name them. */
export type DiskCacheOperation = 'open' | 'get' | 'has' | 'set' | 'delete' | 'clear' | 'keys' | 'evict' | 'save-index';

/** Events a {@link DiskCache} emits. `error` is emitted only when someone listens (an unheard one is dropped). */
export interface DiskCacheEvents {
  warning: [warning: DiskCacheWarning];
  error: [error: Error, operation: DiskCacheOperation];
}

interface StatedEntry {
  name: string;
  size: number;
  mtimeMs: number;
}

interface ReadEntry {
  header: EntryHeader;
  payload: Buffer;
}

const noop = (): void => {};
/** `Date.now()`, looked up on every call so that fake timers installed after construction still apply. */
const readClock = (): number => Date.now();

/**
 * A cache of JSON values on disk, one file per entry, shared safely by every process that opens the same
 * directory. A new instance — or a new process — sees every entry written before.
 *
 * - **Atomic**: each write goes to a temp file that is then renamed into place, so a reader sees the old value or
 *   the new one, never part of one; a crash leaves at worst a temp file, which the next `open` removes.
 * - **Checked**: every file carries a versioned header with its key, expiry, encoding, length and CRC-32; a file
 *   that fails the checks reads as a miss (and is removed, with a `warning` event) — `get` never throws for it.
 * - **Bounded**: with `maxBytes`, least recently used entries go first. `open` learns the sizes from `stat` (one
 *   call per entry, never a read) and recency from a small index file, which is only ever a hint.
 *
 * Operations on one key run in call order within an instance; across processes, the last rename wins.
 */
export class DiskCache<V = unknown> extends EventEmitter<DiskCacheEvents> implements Cache<V> {
  /** Opens (creating if needed) a cache over `options.dir`; rejects when the directory cannot be prepared. */
  static async open<V = unknown>(options: DiskCacheOptions): Promise<DiskCache<V>> {
    const cache = new DiskCache<V>(options);
    await cache.open();
    return cache;
  }

  /** The cache directory, as an absolute path. */
  readonly dir: string;
  readonly #ttlMs: number;
  readonly #maxBytes: number;
  readonly #compressAboveBytes: number;
  readonly #compression: Compression;
  readonly #durable: boolean;
  readonly #throwOnErrors: boolean;
  readonly #now: () => number;
  readonly #index = new SizeIndex();
  /** Per file name, the last operation queued on it: the next one starts when it settles. */
  readonly #lanes = new Map<string, Promise<void>>();
  readonly #dirSync: DirectorySync;
  #ready: Promise<void> | undefined;
  #opened = false;
  #indexDirty = false;
  #saveTimer: NodeJS.Timeout | undefined;

  constructor(options: DiskCacheOptions) {
    super();
    if (typeof options?.dir !== 'string' || options.dir === '') throw new TypeError(`\`dir\` must be a directory path, got ${typeof options?.dir === 'string' ? 'an empty string' : typeof options?.dir}`);
    const { ttlMs = Infinity, maxBytes = Infinity, compressAboveBytes = DEFAULT_COMPRESS_ABOVE_BYTES, compression = 'br', durable = false, throwOnErrors = false, now = readClock } = options;
    assertTtl('ttlMs', ttlMs);
    assertBytes('maxBytes', maxBytes, 1);
    assertBytes('compressAboveBytes', compressAboveBytes, 0);
    if (compression !== 'br' && compression !== 'gzip') throw new TypeError(`\`compression\` must be 'br' or 'gzip', got ${String(compression)}`);
    if (typeof durable !== 'boolean') throw new TypeError(`\`durable\` must be a boolean, got ${typeof durable}`);
    if (typeof throwOnErrors !== 'boolean') throw new TypeError(`\`throwOnErrors\` must be a boolean, got ${typeof throwOnErrors}`);
    if (typeof now !== 'function') throw new TypeError(`\`now\` must be a function returning milliseconds, got ${typeof now}`);
    this.dir = resolve(options.dir);
    this.#ttlMs = ttlMs;
    this.#maxBytes = maxBytes;
    this.#compressAboveBytes = compressAboveBytes;
    this.#compression = compression;
    this.#durable = durable;
    this.#throwOnErrors = throwOnErrors;
    this.#now = now;
    this.#dirSync = new DirectorySync(this.dir);
  }

  /** Entry files this instance knows of: every one present when it opened, plus its own writes since. */
  get size(): number {
    return this.#index.size;
  }

  /** Bytes of those entry files, as `maxBytes` counts them. */
  get bytes(): number {
    return this.#index.bytes;
  }

  /**
   * Prepares the directory: creates it, removes temp files whose writer process is gone, learns every entry's size
   * (stat) and the use order (the saved index, checked against the directory listing). Every other method opens
   * the cache first by itself; call this to learn early that the directory is unusable. Idempotent.
   */
  open(): Promise<this> {
    this.#ready ??= this.#load().then(
      () => {
        this.#opened = true;
      },
      (error: unknown) => {
        this.#ready = undefined;
        throw error;
      },
    );
    return this.#ready.then(() => this);
  }

  /**
   * The value stored under `key`, or `undefined` when there is none, it expired (its file is then removed), or its
   * file is damaged (removed, with a `warning` event).
   */
  async get(key: string): Promise<V | undefined> {
    assertKey(key);
    const name = entryFileName(key);
    return this.#attempt('get', undefined, name, () => this.#get(name, key));
  }

  /** Whether a live, intact entry exists for `key`. Does not count as a use for `maxBytes` recency. */
  async has(key: string): Promise<boolean> {
    assertKey(key);
    const name = entryFileName(key);
    return this.#attempt('has', false, name, async () => (await this.#read(name, key, false)) !== undefined);
  }

  /**
   * Stores `value` under `key` for `ttlMs` milliseconds (default: the cache's `ttlMs`); when the promise resolves,
   * any process that reads `key` gets this value. Resolves to `false` when nothing was stored (the disk failed, or
   * the entry alone exceeds `maxBytes`).
   * @throws TypeError when `value` is not JSON data (a function, BigInt, NaN, a cycle, a Date…): nothing is written.
   */
  async set(key: string, value: V, ttlMs?: number): Promise<boolean> {
    assertKey(key);
    if (ttlMs !== undefined) assertTtl('ttlMs', ttlMs);
    const json = toJson(value);
    const ttl = ttlMs ?? this.#ttlMs;
    // Computed once, here: the file stores when the entry expires, not for how long it was meant to live.
    const expiresAt = ttl === Infinity ? null : this.#now() + ttl;
    const name = entryFileName(key);
    return this.#attempt('set', false, name, async () => {
      const { encoding, payload } = await encodePayload(json, this.#compressAboveBytes, this.#compression);
      const stored = await this.#write(name, key, encodeEntry(key, expiresAt, encoding, payload));
      await this.#evict();
      return stored;
    });
  }

  /** Removes `key`; resolves to whether an entry file was removed. */
  async delete(key: string): Promise<boolean> {
    assertKey(key);
    const name = entryFileName(key);
    return this.#attempt('delete', false, name, () => this.#remove(name));
  }

  /** Removes every entry in the directory, after the operations already started on this instance. */
  async clear(): Promise<void> {
    return this.#attempt('clear', undefined, undefined, async () => {
      await Promise.all(this.#lanes.values());
      const names = (await readdir(this.dir)).filter(isEntryFileName);
      await Promise.all(names.map((name) => removeFile(join(this.dir, name))));
      this.#index.clear();
      this.#markIndexDirty();
      if (this.#durable) await this.#dirSync.sync();
    });
  }

  /**
   * Every live key in the directory, in no particular order, including those other processes wrote. Reads every
   * entry file, so it costs what reading them all costs; damaged and expired entries are removed on the way.
   */
  async *keys(): AsyncGenerator<string, void, undefined> {
    const names = await this.#attempt('keys', [], undefined, async () => (await readdir(this.dir)).filter(isEntryFileName));
    for (const name of names) {
      const entry = await this.#attempt('keys', undefined, name, () => this.#read(name, undefined, false));
      if (entry !== undefined) yield entry.header.key;
    }
  }

  /**
   * Waits for the operations already started, then saves the use order, so the next `open` finds it current.
   * The cache stays usable.
   */
  async close(): Promise<void> {
    await Promise.all(this.#lanes.values());
    if (this.#opened) await this.#inOrder(INDEX_FILE, () => this.#saveIndex());
  }

  async #get(name: string, key: string): Promise<V | undefined> {
    const entry = await this.#read(name, key, true);
    if (entry === undefined) return undefined;
    try {
      return fromJson(await decodePayload(entry.header.encoding, entry.payload)) as V;
    } catch (error) {
      // The checksum matched, so the writer itself stored bytes that do not decode: as damaged as any.
      await this.#discard(name, key, `the payload does not decode (${(error as Error).message})`);
      return undefined;
    }
  }

  /**
   * Reads and checks `name`'s file. `key` is the key asked for; without one (listing keys), the file must hold a
   * key whose name it has. Returns `undefined` for a miss of any kind, after dealing with the file.
   */
  async #read(name: string, key: string | undefined, use: boolean): Promise<ReadEntry | undefined> {
    const file = join(this.dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFileAsync(file);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // Removed by another process, or never there.
      if (this.#index.forget(name)) this.#markIndexDirty();
      return undefined;
    }
    const decoded = decodeEntry(bytes);
    if (!decoded.ok) {
      if (decoded.problem === 'corrupt') {
        await this.#discard(name, key, decoded.reason);
      } else {
        // Perhaps a newer version of this code shares the directory: leave its entry alone.
        this.#warn({ code: 'unsupported-version', message: `${decoded.reason}; read as a miss`, file, key });
      }
      return undefined;
    }
    const { header } = decoded;
    if (key === undefined ? entryFileName(header.key) !== name : header.key !== key) {
      this.#warn({ code: 'key-mismatch', message: `the file holds the key ${JSON.stringify(header.key.slice(0, 80))}; read as a miss`, file, key });
      return undefined;
    }
    if (header.expiresAt !== null && this.#now() >= header.expiresAt) {
      await removeFile(file);
      if (this.#index.forget(name)) this.#markIndexDirty();
      return undefined;
    }
    // A read is a use; and an entry another process wrote becomes known here.
    if (use || !this.#index.has(name)) {
      this.#index.record(name, bytes.length);
      this.#markIndexDirty();
    }
    return { header, payload: decoded.payload };
  }

  async #write(name: string, key: string, data: Buffer): Promise<boolean> {
    if (data.length > this.#maxBytes) {
      // Keeping the old value would serve what the caller just replaced: remove it.
      await this.#remove(name);
      this.#warn({ code: 'too-large', message: `the entry takes ${data.length} bytes, more than maxBytes (${this.#maxBytes}); not stored`, file: join(this.dir, name), key });
      return false;
    }
    await writeFileAtomic(this.dir, name, data, this.#durable, this.#dirSync);
    this.#index.record(name, data.length);
    this.#markIndexDirty();
    return true;
  }

  async #remove(name: string): Promise<boolean> {
    const removed = await removeFile(join(this.dir, name));
    if (this.#index.forget(name)) this.#markIndexDirty();
    if (removed && this.#durable) await this.#dirSync.sync();
    return removed;
  }

  async #discard(name: string, key: string | undefined, reason: string): Promise<void> {
    const file = join(this.dir, name);
    await removeFile(file);
    if (this.#index.forget(name)) this.#markIndexDirty();
    this.#warn({ code: 'corrupt-entry', message: `${reason}; removed and read as a miss`, file, key });
  }

  /** Removes least recently used entries until the known bytes fit `maxBytes`. */
  async #evict(): Promise<void> {
    if (this.#index.bytes <= this.#maxBytes) return;
    const victims: string[] = [];
    // Forget before unlinking, so concurrent calls pick different victims.
    while (this.#index.bytes > this.#maxBytes) {
      const oldest = this.#index.oldest();
      if (oldest === undefined) break;
      this.#index.forget(oldest);
      victims.push(oldest);
    }
    this.#markIndexDirty();
    await Promise.all(
      victims.map((name) =>
        // An eviction that fails must not fail the set that caused it.
        removeFile(join(this.dir, name)).catch((error: unknown) => this.#report(error, 'evict')),
      ),
    );
  }

  async #load(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: DIR_MODE });
    const [names, saved] = await Promise.all([readdir(this.dir), this.#loadIndex()]);
    const entries: string[] = [];
    const temps: string[] = [];
    for (const name of names) {
      if (isEntryFileName(name)) entries.push(name);
      else if (tempFileWriter(name) !== undefined) temps.push(name);
    }
    const [found, abandoned] = await Promise.all([Promise.all(entries.map((name) => this.#statFile(name))), this.#abandoned(temps)]);
    await Promise.all(abandoned.map((name) => removeFile(join(this.dir, name))));
    // Sizes come from stat, never from the saved index: a writer that rewrote an entry and crashed (or another
    // process still writing) leaves the index's sizes stale, and nothing in the index can tell which ones.
    // Recency does come from it — a stale order only evicts a little early, never miscounts — and entries it
    // does not list follow, oldest modification first.
    const rank = new Map((saved ?? []).map((name, i) => [name, i]));
    const rankOf = (entry: StatedEntry): number => rank.get(entry.name) ?? rank.size;
    const known = found.filter((entry) => entry !== undefined).sort((a, b) => rankOf(a) - rankOf(b) || a.mtimeMs - b.mtimeMs);
    this.#index.clear();
    for (const entry of known) this.#index.record(entry.name, entry.size);
    if (saved === undefined || saved.length !== known.length || known.some((entry, i) => entry.name !== saved[i])) this.#markIndexDirty();
    await this.#evict();
  }

  /**
   * The temp files, of those listed, that no live writer will ever rename: their writer process is gone, or they
   * carry this process's own pid yet are older than it — left by an earlier process that had the same pid (in a
   * container the app is pid 1 after every restart), so "a process with that pid is running" proves nothing.
   */
  async #abandoned(temps: string[]): Promise<string[]> {
    const verdicts = await Promise.all(
      temps.map(async (name) => {
        const writer = tempFileWriter(name)!;
        if (writer !== process.pid) return !isProcessAlive(writer);
        // Node starts tens of milliseconds before any code of ours can write, more than the file clock's coarseness.
        const file = await this.#statFile(name);
        return file !== undefined && file.mtimeMs < performance.timeOrigin;
      }),
    );
    return temps.filter((_, i) => verdicts[i]);
  }

  async #loadIndex(): Promise<string[] | undefined> {
    const file = join(this.dir, INDEX_FILE);
    let text: string;
    try {
      text = await readFileAsync(file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const names = SizeIndex.parse(text);
    if (names === undefined) this.#warn({ code: 'corrupt-index', message: 'the index of the use order is unreadable; rebuilt from modification times', file });
    return names;
  }

  async #statFile(name: string): Promise<StatedEntry | undefined> {
    try {
      const { size, mtimeMs } = await stat(join(this.dir, name));
      return { name, size, mtimeMs };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  #markIndexDirty(): void {
    this.#indexDirty = true;
    if (this.#saveTimer !== undefined) return;
    this.#saveTimer = setTimeout(() => void this.#inOrder(INDEX_FILE, () => this.#saveIndex()), INDEX_SAVE_DELAY_MS);
    // A pending save never keeps the process alive; close() saves for certain.
    this.#saveTimer.unref();
  }

  async #saveIndex(): Promise<void> {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    if (!this.#indexDirty) return;
    this.#indexDirty = false;
    try {
      // Never fsynced: a lost index costs one slower open, not an entry.
      await writeFileAtomic(this.dir, INDEX_FILE, Buffer.from(this.#index.serialize()), false);
    } catch (error) {
      this.#indexDirty = true;
      this.#report(error, 'save-index');
    }
  }

  /** Runs `run` after every operation already queued on `name` has settled, so one key's operations keep call order. */
  #inOrder<T>(name: string, run: () => Promise<T>): Promise<T> {
    const previous = this.#lanes.get(name);
    const result = previous === undefined ? run() : previous.then(run);
    const settled = result.then(noop, noop);
    this.#lanes.set(name, settled);
    void settled.then(() => {
      if (this.#lanes.get(name) === settled) this.#lanes.delete(name);
    });
    return result;
  }

  /**
   * Runs `run` with the cache open and the error policy applied (report and fall back, or rethrow). With a file
   * `name`, the operation joins that name's queue at once — at call time, before any await — so one key's
   * operations run in the order they were called.
   */
  #attempt<T>(operation: DiskCacheOperation, fallback: T, name: string | undefined, run: () => Promise<T>): Promise<T> {
    const guarded = async (): Promise<T> => {
      try {
        if (!this.#opened) await this.open();
        return await run();
      } catch (error) {
        if (this.#throwOnErrors) throw error;
        this.#report(error, this.#opened ? operation : 'open');
        return fallback;
      }
    };
    return name === undefined ? guarded() : this.#inOrder(name, guarded);
  }

  #report(error: unknown, operation: DiskCacheOperation): void {
    // An 'error' event nobody listens to would throw: the policy is to fall back quietly instead.
    if (this.listenerCount('error') > 0) this.emit('error', error instanceof Error ? error : new Error(String(error)), operation);
  }

  #warn(warning: DiskCacheWarning): void {
    this.emit('warning', warning);
  }
}
