import { createHash } from 'node:crypto';

/** An entry file's name: 64 lowercase hex characters, the SHA-256 of the key. */
const ENTRY_NAME = /^[0-9a-f]{64}$/;

/** The size-accounting index the cache keeps beside its entries (see size-index.ts). */
export const INDEX_FILE = 'index.json';

/**
 * The file name under which `key` is stored: the SHA-256 of its UTF-8 bytes, in hex. Any key — with `/`, `..`,
 * NUL, emoji, or 10 KB long — becomes 64 safe characters, so nothing can escape the cache directory and no name
 * is too long for the filesystem (most allow 255 bytes). Different keys can share a name only by a hash
 * collision, or because UTF-8 replaces lone surrogates (`'\uD800'` and `'\uFFFD'` share one): the envelope keeps
 * the original key, so a reader detects it.
 */
export function entryFileName(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Whether a directory entry is one of the cache's entry files (and not its index, a temp file or a stranger). */
export function isEntryFileName(name: string): boolean {
  return ENTRY_NAME.test(name);
}

let sequence = 0;
/** Distinguishes this process's temp files from those of an earlier process that had the same pid. */
let processToken: string | undefined;

/**
 * A fresh temp file name for writing `finalName`: `<finalName>.<pid>.<token>.tmp`, unique across this process
 * and, through the pid, across processes. The pid lets a later `open` tell a crashed writer's leftovers (their
 * process is gone) from a live writer's work in progress.
 */
export function tempFileName(finalName: string): string {
  processToken ??= Math.random().toString(36).slice(2, 8);
  return `${finalName}.${process.pid}.${processToken}${(sequence++).toString(36)}.tmp`;
}

/** The writer's pid of a temp file name, or `undefined` when `name` is not a temp file. */
export function tempFileWriter(name: string): number | undefined {
  if (!name.endsWith('.tmp')) return undefined;
  const parts = name.split('.');
  const pid = Number(parts[parts.length - 3]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}
