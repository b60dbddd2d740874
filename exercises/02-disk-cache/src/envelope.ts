/** Bumped whenever the file format changes; a reader skips entries of a version it does not know. */
export const ENVELOPE_VERSION = 1;

/** How the payload is stored: the value's UTF-8 JSON as is, or compressed (HTTP's Content-Encoding names). */
export type Encoding = 'identity' | 'br' | 'gzip';

/**
 * The first line of every entry file, as JSON. The payload follows the newline:
 *
 * ```text
 * {"v":1,"key":"user:42","expiresAt":1767225600000,"encoding":"identity","length":13,"crc32":2343182357}\n
 * {"name":"Ada"}
 * ```
 */
export interface EntryHeader {
  /** {@link ENVELOPE_VERSION}. */
  v: number;
  /** The original key: a file found under the key's name but holding another key is a collision or a stranger. */
  key: string;
  /** When the entry expires, in ms on the cache's clock; `null` never expires. */
  expiresAt: number | null;
  encoding: Encoding;
  /** Payload length in bytes: a shorter file was truncated. */
  length: number;
  /** CRC-32 of the payload bytes as stored: a mismatch means the bytes changed on disk. */
  crc32: number;
}

/** What a reader makes of an entry file's bytes. */
export type DecodedEntry =
  | { ok: true; header: EntryHeader; payload: Buffer }
  | { ok: false; problem: 'corrupt' | 'unsupported-version'; reason: string };

/** The bytes of an entry file: the header line, then the payload. */
export function encodeEntry(key: string, expiresAt: number | null, encoding: Encoding, payload: Buffer): Buffer {
  // TODO(ex2.persistence): One line of JSON — {"v":1,"key":…,"expiresAt":…,"encoding":…,"length":…,"crc32":…},
  // in any key order — then '\n', then the payload bytes. length is payload.length; crc32 is zlib.crc32(payload).
  // JSON.stringify escapes newlines inside strings, so the first '\n' always ends the header.
  throw new Error(`TODO(ex2.persistence): encodeEntry ${key.slice(0, 20)} ${String(expiresAt)} ${encoding} ${payload.length} bytes`);
}

/**
 * Checks an entry file's bytes without trusting them: a header line that is a JSON object of the right shape,
 * exactly `length` payload bytes after it, and a matching CRC-32. Never throws.
 */
export function decodeEntry(file: Buffer): DecodedEntry {
  // TODO(ex2.crash-safety): Trust nothing. Corrupt (problem 'corrupt') when: there is no '\n'; the header is not a
  // JSON object; v is missing; key is not a string; expiresAt is neither null nor a number; encoding is not
  // identity/br/gzip; length or crc32 is not an integer; the bytes after the newline are not exactly `length`
  // long (truncated, or too long); or zlib.crc32(payload) !== crc32. A header whose v is a number other than 1 is
  // problem 'unsupported-version' instead (its reason names that version). Never throw: wrap JSON.parse. Each
  // reason names the check that failed in the guide's words: 'header line', 'JSON', 'object', the field
  // ('version', 'key', 'expiresAt', 'encoding', 'length', 'crc32'), 'bytes' for a wrong length, 'checksum'.
  throw new Error(`TODO(ex2.crash-safety): decodeEntry ${file.length} bytes`);
}
