import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, normalize, sep } from 'node:path';
import { unzipSync } from 'fflate';

/** One student's submission: a folder, or a `.zip` file unpacked before grading. */
export interface Submission {
  /** The folder or zip name without `.zip`: the gradebook's `student` column. */
  student: string;
  /** The folder or zip file as found in the submissions folder. */
  source: string;
  kind: 'folder' | 'zip';
}

export class SubmissionError extends Error {
  override name = 'SubmissionError';
}

/** A zip may unpack to at most this many bytes (a zip bomb is a submission's problem, not the batch's). */
export const MAX_UNPACKED_BYTES = 64 << 20;

/** The submissions in `dir`: every subfolder and `.zip` file, by name; hidden entries are skipped. */
export function listSubmissions(dir: string): Submission[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry): Submission[] => {
      const source = join(dir, entry.name);
      if (entry.isDirectory()) return [{ student: entry.name, source, kind: 'folder' }];
      if (entry.isFile() && entry.name.toLowerCase().endsWith('.zip')) return [{ student: entry.name.slice(0, -4), source, kind: 'zip' }];
      return [];
    })
    .sort((a, b) => a.student.localeCompare(b.student));
}

/**
 * The folder to grade for a submission: the folder itself, or the zip unpacked under `workDir`. A zip whose entries
 * all sit in one top-level folder is graded from inside it. Entries that would land outside the folder, and zips
 * that unpack to more than {@link MAX_UNPACKED_BYTES}, are refused with a {@link SubmissionError}.
 */
export function submissionFolder(submission: Submission, workDir: string): string {
  if (submission.kind === 'folder') return submission.source;
  const out = join(workDir, submission.student);
  rmSync(out, { recursive: true, force: true });
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(readFileSync(submission.source), {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNPACKED_BYTES) throw new SubmissionError(`${basename(submission.source)} unpacks to more than ${MAX_UNPACKED_BYTES >> 20} MB`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof SubmissionError) throw error;
    throw new SubmissionError(`${basename(submission.source)} is not a readable zip file (${(error as Error).message})`);
  }
  for (const [name, data] of Object.entries(files)) {
    const path = normalize(name);
    if (path.startsWith('..') || path.startsWith(sep) || /^[a-zA-Z]:/.test(path)) throw new SubmissionError(`${basename(submission.source)} has an entry outside its folder: ${name}`);
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), data);
  }
  mkdirSync(out, { recursive: true });
  const top = readdirSync(out);
  return top.length === 1 && statSync(join(out, top[0]!)).isDirectory() ? join(out, top[0]!) : out;
}
