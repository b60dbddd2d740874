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
  // TODO(ex2.safe-names): The name is the SHA-256 of the key's UTF-8 bytes as 64 lowercase hex characters
  // (node:crypto's createHash). entryFileName('user:42') is the same in every process, and no key — '../x',
  // '/etc/passwd', '', a 10 KB string — yields anything but [0-9a-f]{64}.
  throw new Error(`TODO(ex2.safe-names): entryFileName ${key.slice(0, 20)}`);
}

/** Whether a directory entry is one of the cache's entry files (and not its index, a temp file or a stranger). */
export function isEntryFileName(name: string): boolean {
  return ENTRY_NAME.test(name);
}

/**
 * A fresh temp file name for writing `finalName`: `<finalName>.<pid>.<token>.tmp`, unique across this process
 * and, through the pid, across processes. The pid lets a later `open` tell a crashed writer's leftovers (their
 * process is gone) from a live writer's work in progress.
 */
export function tempFileName(finalName: string): string {
  // TODO(ex2.crash-safety): Two calls never return the same name, in this process or another: put in
  // process.pid, and a token that changes on every call (a counter, plus something random so that a later process
  // that gets the same pid cannot collide with an old leftover). The name ends in '.tmp' and the pid is its third
  // dot-separated part from the end.
  throw new Error(`TODO(ex2.crash-safety): tempFileName ${finalName}`);
}

/** The writer's pid of a temp file name, or `undefined` when `name` is not a temp file. */
export function tempFileWriter(name: string): number | undefined {
  // TODO(ex2.crash-safety): 'abc….4242.k3x9.tmp' → 4242. A name that does not end in '.tmp', or whose third part
  // from the end is not a positive integer, is not one of our temp files → undefined.
  throw new Error(`TODO(ex2.crash-safety): tempFileWriter ${name}`);
}
