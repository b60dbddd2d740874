import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TypeProblem } from './types.js';

/**
 * What a result was computed from: the content of every file under srcDir, and the modification time and size of
 * everything else the program read (the checkout's packages, @types/node, TypeScript's libs).
 */
export interface Snapshot {
  sources: Record<string, string>;
  dependencies: Record<string, string>;
}

export interface CheckResult {
  /** Says which checkout, TypeScript and options the result belongs to (see {@link cacheKey}). */
  key: string;
  snapshot: Snapshot;
  problems: TypeProblem[];
}

const sha1 = (data: string | Buffer) => createHash('sha1').update(data).digest('hex');

function contentHash(file: string): string | undefined {
  try {
    return sha1(readFileSync(file));
  } catch {
    return undefined;
  }
}

function statSignature(file: string): string | undefined {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats && `${stats.mtimeMs}:${stats.size}`;
}

export function takeSnapshot(sources: string[], dependencies: string[]): Snapshot {
  const hashes = (files: string[], sign: (file: string) => string | undefined) => Object.fromEntries(files.map((file) => [file, sign(file) ?? '']));
  return { sources: hashes(sources, contentHash), dependencies: hashes(dependencies, statSignature) };
}

/** True when `sources` (the current listing of srcDir) and everything else the result was computed from are unchanged. */
export function isCurrent(snapshot: Snapshot, sources: string[]): boolean {
  const before = Object.keys(snapshot.sources);
  if (before.length !== sources.length || sources.some((file) => snapshot.sources[file] !== contentHash(file))) return false;
  return Object.entries(snapshot.dependencies).every(([file, signature]) => statSignature(file) === signature);
}

/**
 * One string for everything outside the snapshot that changes a result: the checker's record format, the checkout
 * and folder, TypeScript's version, the base compiler options, and the lockfile (an install can resolve an import).
 */
export function cacheKey(parts: { root: string; srcDir: string; typescript: string; baseConfig: string; lockfile: string }): string {
  return sha1(JSON.stringify([1, parts.root, parts.srcDir, parts.typescript, contentHash(parts.baseConfig), statSignature(parts.lockfile)]));
}

/** The stored result for `key`, or undefined when there is none, it is for something else, or it is unreadable. */
export function readResult(file: string, key: string): CheckResult | undefined {
  try {
    const result = JSON.parse(readFileSync(file, 'utf8')) as CheckResult;
    return result.key === key && Array.isArray(result.problems) ? result : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a result; a cache that cannot be written only costs the next process a full check. */
export function writeResult(file: string, result: CheckResult): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and renamed, so a concurrent reader never sees half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(result));
    renameSync(partial, file);
  } catch {
    // The check itself succeeded; the cache is only an optimisation.
  }
}
