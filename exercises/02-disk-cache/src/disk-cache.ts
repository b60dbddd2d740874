import { EventEmitter } from 'node:events';
import type { Cache } from '@workbook/cache';
import type { Compression } from './compression.js';

/** Values whose JSON is longer than this are compressed unless `compressAboveBytes` says otherwise. */
export const DEFAULT_COMPRESS_ABOVE_BYTES = 4096;

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
  readonly #options: DiskCacheOptions;

  constructor(options: DiskCacheOptions) {
    super();
    // TODO(ex2.persistence): Validate every option before storing it, each failure a TypeError or RangeError whose
    // message names the option in backticks: `dir` a non-empty string (the message also says what it got: `got
    // undefined`, `got an empty string`, `got number`); `ttlMs` positive or Infinity (assertTtl);
    // `maxBytes` an integer ≥ 1 or Infinity and `compressAboveBytes` an integer ≥ 0 or Infinity (assertBytes);
    // `compression` 'br' or 'gzip'; `durable` and `throwOnErrors` booleans; `now` a function. Apply the defaults
    // (now: () => Date.now(), looked up on each call). `dir` becomes absolute (path.resolve).
    this.#options = options;
    this.dir = typeof options?.dir === 'string' ? options.dir : '';
  }

  /** Entry files this instance knows of: every one present when it opened, plus its own writes since. */
  get size(): number {
    // TODO(ex2.size-limit): The number of entry files in the accounting (see SizeIndex).
    throw new Error('TODO(ex2.size-limit): size');
  }

  /** Bytes of those entry files, as `maxBytes` counts them. */
  get bytes(): number {
    // TODO(ex2.size-limit): The sum of their sizes in bytes, header included — what stat() reports for each file.
    throw new Error('TODO(ex2.size-limit): bytes');
  }

  /**
   * Prepares the directory: creates it, removes temp files whose writer process is gone, learns every entry's size
   * (stat) and the use order (the saved index, checked against the directory listing). Every other method opens
   * the cache first by itself; call this to learn early that the directory is unusable. Idempotent.
   */
  open(): Promise<this> {
    // TODO(ex2.persistence): Create the directory (recursive, mode DIR_MODE) once, however often open() is called;
    // every other method awaits it first. A failure rejects here, and a later call tries again.
    // TODO(ex2.crash-safety): List the directory and remove each temp file whose writer (tempFileWriter) is not a
    // running process (isProcessAlive). A live writer's temp file stays: it may be renamed any moment. But pids are
    // reused (in a container the app is pid 1 after every restart): a temp file with this process's own pid that was
    // last modified before this process started (performance.timeOrigin) is an earlier process's leftover — remove it.
    // TODO(ex2.size-limit): Learn every entry file's size without reading it, from stat(): a size saved in an index
    // file is stale once a writer rewrote that entry and crashed before its next save (or another process rewrote it),
    // and nothing in the index shows which sizes those are. An index saved by an earlier instance (checked against
    // the listing; it may be damaged) gives the use order. Then trim to maxBytes, oldest first: by last use, and by
    // modification time for the files no saved index knows.
    throw new Error(`TODO(ex2.persistence): open ${String(this.#options?.dir)}`);
  }

  /**
   * The value stored under `key`, or `undefined` when there is none, it expired (its file is then removed), or its
   * file is damaged (removed, with a `warning` event).
   */
  async get(key: string): Promise<V | undefined> {
    // TODO(ex2.persistence): Read the file entryFileName(key) — always from disk: another process may have changed
    // it. No file (ENOENT) → undefined. An entry written at t with ttlMs is returned until t + ttlMs - 1 and is a
    // miss from t + ttlMs, when its file is removed. `key` must be a string (assertKey). Any other read error is a
    // disk failure: 'error' event (error, 'get') if someone listens, and undefined — or, with throwOnErrors, reject.
    // Every method names itself so in its 'error' events ('has', 'set', 'delete', 'clear', 'keys'), and a cache
    // whose directory could not be prepared names 'open'.
    // TODO(ex2.crash-safety): A file that decodeEntry calls corrupt (or whose payload does not decode) is removed,
    // reported as a 'warning' { code: 'corrupt-entry', file, key, message } and read as undefined. Never throw.
    // The message names the failed check in the guide's words (decodeEntry's reason, or 'decode').
    // TODO(ex2.safe-names): A header whose key is not `key` → undefined and a 'key-mismatch' warning naming the key
    // found; an unknown version → undefined and an 'unsupported-version' warning naming the version found; both
    // files stay. Parse with fromJson.
    // TODO(ex2.size-limit): A read is a use: the entry becomes the most recently used.
    throw new Error(`TODO(ex2.persistence): get ${String(key)}`);
  }

  /** Whether a live, intact entry exists for `key`. Does not count as a use for `maxBytes` recency. */
  async has(key: string): Promise<boolean> {
    // TODO(ex2.persistence): true exactly when get(key) would find a live, intact entry — expired, damaged,
    // mismatched or missing entries are false.
    throw new Error(`TODO(ex2.persistence): has ${String(key)}`);
  }

  /**
   * Stores `value` under `key` for `ttlMs` milliseconds (default: the cache's `ttlMs`); when the promise resolves,
   * any process that reads `key` gets this value. Resolves to `false` when nothing was stored (the disk failed, or
   * the entry alone exceeds `maxBytes`).
   * @throws TypeError when `value` is not JSON data (a function, BigInt, NaN, a cycle, a Date…): nothing is written.
   */
  async set(key: string, value: V, ttlMs?: number): Promise<boolean> {
    // TODO(ex2.persistence): Compute the absolute expiry once: expiresAt = now() + ttlMs, or null for Infinity;
    // ttlMs other than the default is checked (assertTtl). Write encodeEntry(...) to entryFileName(key) and resolve
    // to true. Disk failures emit 'error' (only if someone listens) and resolve to false, unless throwOnErrors.
    // TODO(ex2.safe-names): toJson(value) first: its TypeError rejects set() before anything touches the disk.
    // TODO(ex2.crash-safety): Write through writeFileAtomic, durable when the options say so.
    // TODO(ex2.compression): The payload comes from encodePayload(json, compressAboveBytes, compression).
    // TODO(ex2.size-limit): Record the file's size; while the total exceeds maxBytes, remove the least recently
    // used entries — no more than it takes. A removal that fails does not fail the set: emit it as an 'error' with
    // operation 'evict'. An entry that alone exceeds maxBytes is not written: remove the key's old file, warn
    // 'too-large' (the message gives maxBytes), resolve to false. Save the accounting within 5 s of a change, on a
    // timer you unref(), so a writer that never calls close() still leaves its recency behind.
    // TODO(ex2.concurrency): Operations on one key run in call order: join that key's queue synchronously, at call
    // time, so set(k, 1); set(k, 2) always ends with 2 on disk.
    throw new Error(`TODO(ex2.persistence): set ${String(key)} ${typeof value} ttl ${String(ttlMs)}`);
  }

  /** Removes `key`; resolves to whether an entry file was removed. */
  async delete(key: string): Promise<boolean> {
    // TODO(ex2.persistence): Unlink the key's file: true if there was one, false if not (ENOENT). With durable,
    // fsync the directory afterwards. Keep the size accounting in step.
    throw new Error(`TODO(ex2.persistence): delete ${String(key)}`);
  }

  /** Removes every entry in the directory, after the operations already started on this instance. */
  async clear(): Promise<void> {
    // TODO(ex2.persistence): First wait for the operations already started on this instance. Then unlink every
    // entry file in the directory (isEntryFileName) — including those other instances wrote — and reset the
    // accounting. Leave other files (a live writer's temp files, notes.txt) alone.
    throw new Error('TODO(ex2.persistence): clear');
  }

  /**
   * Every live key in the directory, in no particular order, including those other processes wrote. Reads every
   * entry file, so it costs what reading them all costs; damaged and expired entries are removed on the way.
   */
  async *keys(): AsyncGenerator<string, void, undefined> {
    // TODO(ex2.persistence): For each entry file in the directory, read and check it as get() does and yield the
    // key its header carries — only if the entry is live and entryFileName(header.key) is the file's own name.
    // Only entry files (isEntryFileName) are read. Listing is not a use (Task 4).
    throw new Error('TODO(ex2.persistence): keys');
  }

  /**
   * Waits for the operations already started, then saves the use order, so the next `open` finds it current.
   * The cache stays usable.
   */
  async close(): Promise<void> {
    // TODO(ex2.persistence): Wait for the operations already started: when close() resolves, their files are
    // written. The cache stays usable afterwards. Calling close() on a cache that never opened does nothing.
    // TODO(ex2.size-limit): Then save what the next open() needs to know recency (your index file).
    throw new Error('TODO(ex2.persistence): close');
  }
}
