import { describe, expect, it } from 'vitest';
import { originalText, scoreMutants, type Equivalent, type Mutant } from '../scripts/mutation/score.js';

const source = 'if (a < b) {\n  return x;\n}\n';
const at = (line: number, start: number, end: number, endLine = line) => ({ start: { line, column: start }, end: { line: endLine, column: end } });
const mutant = (status: string, replacement = 'a <= b'): Mutant => ({ fileName: '/x/src/f.ts', mutatorName: 'EqualityOperator', replacement, status, location: at(1, 5, 10) });
const read = () => source;

describe('the mutation score', () => {
  it('reads the replaced text with 1-based lines and columns', () => {
    expect(originalText(source, mutant('Survived'))).toBe('a < b');
    expect(originalText(source, { ...mutant('Survived'), location: at(1, 12, 2, 3) })).toBe('{\n  return x;\n}');
  });

  it('counts killed and timed-out mutants as detected, survivors and uncovered ones as missed', () => {
    const score = scoreMutants([mutant('Killed'), mutant('Timeout'), mutant('Survived'), mutant('NoCoverage'), mutant('CompileError')], [], read);
    expect(score).toMatchObject({ killed: 2, counted: 4, percent: 50, equivalent: 0 });
    expect(score.survivors).toHaveLength(2);
  });

  it('leaves survivors marked equivalent out of the score', () => {
    const equivalent: Equivalent = { file: 'f.ts', mutator: 'EqualityOperator', original: 'a < b', replacement: 'a <= b', reason: 'a never equals b' };
    const score = scoreMutants([mutant('Killed'), mutant('Survived')], [equivalent], read);
    expect(score).toMatchObject({ killed: 1, counted: 1, percent: 100, equivalent: 1, unused: [] });
  });

  it('matches an entry that gives a line only on that source line', () => {
    const onLine = (line: string): Equivalent => ({ file: 'f.ts', mutator: 'EqualityOperator', original: 'a < b', replacement: 'a <= b', line, reason: 'x' });
    expect(scoreMutants([mutant('Survived')], [onLine('if (a < b) {')], read)).toMatchObject({ equivalent: 1, survivors: [] });
    expect(scoreMutants([mutant('Survived')], [onLine('while (a < b) {')], read)).toMatchObject({ equivalent: 0, survivors: [mutant('Survived')] });
  });

  it('reports equivalents that match no survivor, so stale entries get removed', () => {
    const stale: Equivalent = { file: 'f.ts', mutator: 'EqualityOperator', original: 'a < b', replacement: 'a >= b', reason: 'x' };
    expect(scoreMutants([mutant('Survived')], [stale], read).unused).toEqual([stale]);
  });
});
