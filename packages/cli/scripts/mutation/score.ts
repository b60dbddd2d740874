import { readFileSync } from 'node:fs';

/** A surviving mutant a reviewer judged equivalent: it changes the code but no caller can tell. */
export interface Equivalent {
  /** The file under the exercise's `src/`, e.g. `ttl-cache.ts`. */
  file: string;
  /** Stryker's mutator name, e.g. `EqualityOperator`. */
  mutator: string;
  /** The source text the mutant replaces, exactly as in the file. */
  original: string;
  /** Stryker's replacement text. */
  replacement: string;
  /**
   * The source line the mutant starts on, trimmed: only for an entry whose file, mutator, original and replacement
   * would also match mutants elsewhere in the file that are not equivalent (`false` → `true`, say).
   */
  line?: string;
  /** Why no test can kill it, in one line. */
  reason: string;
}

/** What the runner needs of one of Stryker's mutant results. */
export interface Mutant {
  fileName: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

export interface MutationScore {
  /** Killed (or timed out) mutants over the mutants that count, in percent. */
  percent: number;
  killed: number;
  /** Valid mutants minus the ones marked equivalent. */
  counted: number;
  equivalent: number;
  /** Survivors (and uncovered mutants) not marked equivalent: each is a missing test. */
  survivors: Mutant[];
  /** Equivalents in the config that matched no surviving mutant: stale entries to remove. */
  unused: Equivalent[];
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** The text a mutant replaces; Stryker reports 1-based lines and columns. */
export function originalText(source: string, mutant: Mutant): string {
  const lines = source.split('\n');
  const { start, end } = mutant.location;
  if (start.line === end.line) return lines[start.line - 1]!.slice(start.column - 1, end.column - 1);
  const middle = lines.slice(start.line, end.line - 1);
  return [lines[start.line - 1]!.slice(start.column - 1), ...middle, lines[end.line - 1]!.slice(0, end.column - 1)].join('\n');
}

function matches(entry: Equivalent, mutant: Mutant, original: string, line: string): boolean {
  return mutant.fileName.endsWith(`/${entry.file}`) && entry.mutator === mutant.mutatorName && entry.original === original && entry.replacement === mutant.replacement && (entry.line === undefined || entry.line === line);
}

/** Scores one exercise's mutants, leaving out the survivors the config marks equivalent. */
export function scoreMutants(mutants: readonly Mutant[], equivalents: readonly Equivalent[], read: (file: string) => string = (file) => readFileSync(file, 'utf8')): MutationScore {
  const used = new Set<Equivalent>();
  const survivors: Mutant[] = [];
  let killed = 0;
  let equivalent = 0;
  for (const mutant of mutants) {
    if (DETECTED.has(mutant.status)) killed++;
    if (!UNDETECTED.has(mutant.status)) continue;
    const source = read(mutant.fileName);
    const original = originalText(source, mutant);
    const line = source.split('\n')[mutant.location.start.line - 1]!.trim();
    const entry = equivalents.find((e) => matches(e, mutant, original, line));
    if (entry) {
      used.add(entry);
      equivalent++;
    } else survivors.push(mutant);
  }
  const counted = killed + survivors.length;
  return { percent: counted === 0 ? 100 : (100 * killed) / counted, killed, counted, equivalent, survivors, unused: equivalents.filter((e) => !used.has(e)) };
}
