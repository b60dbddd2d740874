import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { entryFileName } from '@impl';

/** The header line of an entry file, as the guide (exercises/02-disk-cache/README.md) specifies it. */
export interface Header {
  v: number;
  key: string;
  expiresAt: number | null;
  encoding: string;
  length: number;
  crc32: number;
}

/** Splits an entry file into its parsed header and its payload bytes. */
export async function readEntryFile(dir: string, key: string): Promise<{ header: Header; payload: Buffer; bytes: Buffer }> {
  const bytes = await readFile(join(dir, entryFileName(key)));
  const end = bytes.indexOf(0x0a);
  if (end < 0) throw new Error(`the entry file for ${JSON.stringify(key)} has no header line (no newline)`);
  return { header: JSON.parse(bytes.toString('utf8', 0, end)) as Header, payload: bytes.subarray(end + 1), bytes };
}

/**
 * Writes a well-formed entry file by hand — a file another writer (or an attacker) could have left — with a
 * correct length and checksum unless `header` overrides them.
 */
export async function writeEntryFile(dir: string, key: string, payload: Buffer | string, header: Partial<Header> = {}): Promise<void> {
  const body = Buffer.from(payload);
  const full: Header = { v: 1, key, expiresAt: null, encoding: 'identity', length: body.length, crc32: crc32(body), ...header };
  await writeFile(join(dir, entryFileName(key)), Buffer.concat([Buffer.from(`${JSON.stringify(full)}\n`), body]));
}
