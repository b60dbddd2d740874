import { crc32 } from 'node:zlib';

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

const NEWLINE = 0x0a;
const ENCODINGS: ReadonlySet<string> = new Set<Encoding>(['identity', 'br', 'gzip']);

/** The bytes of an entry file: the header line, then the payload. */
export function encodeEntry(key: string, expiresAt: number | null, encoding: Encoding, payload: Buffer): Buffer {
  const header: EntryHeader = { v: ENVELOPE_VERSION, key, expiresAt, encoding, length: payload.length, crc32: crc32(payload) };
  // JSON.stringify escapes every newline inside strings, so the first 0x0a byte always ends the header.
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), payload]);
}

/**
 * Checks an entry file's bytes without trusting them: a header line that is a JSON object of the right shape,
 * exactly `length` payload bytes after it, and a matching CRC-32. Never throws.
 */
export function decodeEntry(file: Buffer): DecodedEntry {
  const end = file.indexOf(NEWLINE);
  if (end < 0) return corrupt('no header line');
  let header: unknown;
  try {
    header = JSON.parse(file.toString('utf8', 0, end));
  } catch {
    return corrupt('the header is not JSON');
  }
  if (typeof header !== 'object' || header === null) return corrupt('the header is not an object');
  const h = header as Partial<Record<keyof EntryHeader, unknown>>;
  if (typeof h.v !== 'number') return corrupt('the header has no version');
  if (h.v !== ENVELOPE_VERSION) return { ok: false, problem: 'unsupported-version', reason: `format version ${h.v}, this reader knows ${ENVELOPE_VERSION}` };
  if (typeof h.key !== 'string') return corrupt('the header has no key');
  if (h.expiresAt !== null && typeof h.expiresAt !== 'number') return corrupt('the header has no valid expiresAt');
  if (typeof h.encoding !== 'string' || !ENCODINGS.has(h.encoding)) return corrupt(`unknown encoding ${String(h.encoding)}`);
  if (!Number.isSafeInteger(h.length) || (h.length as number) < 0) return corrupt('the header has no valid length');
  if (!Number.isSafeInteger(h.crc32)) return corrupt('the header has no valid crc32');
  const payload = file.subarray(end + 1);
  if (payload.length !== h.length) return corrupt(`${payload.length} payload bytes where the header promises ${String(h.length)} (truncated?)`);
  if (crc32(payload) !== h.crc32) return corrupt('the payload does not match its checksum');
  return { ok: true, header: header as EntryHeader, payload };
}

function corrupt(reason: string): DecodedEntry {
  return { ok: false, problem: 'corrupt', reason };
}
