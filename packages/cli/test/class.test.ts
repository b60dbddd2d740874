import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeClass } from '../src/class/batch.js';
import { loadManifests } from '../src/manifest.js';
import { fixtureRoot } from './fixtures/grade-fixture.js';

// A small class against the fixture workbook's first exercise (40 points): honest copies in every layout a student
// hands in, and submissions that hang, cheat, miss the exercise or are not a zip at all. Every one gets a row.
const manifests = loadManifests(fixtureRoot).filter((m) => m.id === 'ex1');
const targets = join(fixtureRoot, 'targets');
const work = mkdtempSync(join(tmpdir(), 'workbook-class-'));
const submissions = join(work, 'submissions');
const out = join(work, 'grades');
afterAll(() => rmSync(work, { recursive: true, force: true }));

mkdirSync(submissions);
cpSync(join(targets, 'good'), join(submissions, 'ada'), { recursive: true });
cpSync(join(targets, 'good', '01-guard'), join(submissions, 'ben', 'exercises', '01-guard'), { recursive: true });
cpSync(join(targets, 'loops'), join(submissions, 'cy'), { recursive: true });
cpSync(join(targets, 'import-vitest'), join(submissions, 'dee'), { recursive: true });
mkdirSync(join(submissions, 'eli'));
writeFileSync(join(submissions, 'fay.zip'), 'this is not a zip');

const env = { ...process.env, CI: 'true' };
const options = { submissions, out, force: false, lanes: 2, env };

describe('grading a class', () => {
  let outcome: Awaited<ReturnType<typeof gradeClass>>;
  const row = (student: string) => outcome.results.find((r) => r.student === student)!;

  it('gives every submission a row, whatever it does', async () => {
    outcome = await gradeClass(fixtureRoot, manifests, options);
    expect(outcome.results.map((r) => r.student)).toEqual(['ada', 'ben', 'cy', 'dee', 'eli', 'fay']);
    expect(outcome.gradebook.trim().split('\n')).toHaveLength(7);
  });

  it('gives honest submissions their points, in any layout', () => {
    expect(row('ada').report?.points).toBe(40);
    expect(row('ben').report?.points).toBe(40);
  });

  it('gives every other row a flag and a reason', () => {
    const lines = outcome.gradebook.trim().split('\n');
    const byStudent = (s: string) => lines.find((line) => line.startsWith(`${s},`))!;
    expect(byStudent('cy'), 'an endless loop').toMatch(/timed-out:ex1/);
    expect(byStudent('dee'), 'an import of the test framework').toMatch(/tampered:ex1.*tampered: .*vitest/);
    expect(byStudent('eli'), 'no code for the exercise').toMatch(/missing:ex1.*has no code for ex1/);
    expect(byStudent('fay'), 'a file that is not a zip').toMatch(/,0,0,40,error,fay\.zip is not a readable zip file/);
  });

  it('writes Markdown feedback per student and the gradebook next to it', () => {
    expect(readdirSync(join(out, 'feedback')).sort()).toEqual(['ada.md', 'ben.md', 'cy.md', 'dee.md', 'eli.md', 'fay.md']);
    expect(readFileSync(join(out, 'feedback', 'cy.md'), 'utf8')).toMatch(/✖ .*spins \(timeout\)\n  - was still running/);
    expect(readFileSync(join(out, 'gradebook.csv'), 'utf8')).toBe(outcome.gradebook);
    expect(existsSync(join(out, '.unpacked')), 'unpacked zips are removed').toBe(false);
  });

  it('takes the earlier results on a re-run, without grading again', async () => {
    const reused: boolean[] = [];
    const again = await gradeClass(fixtureRoot, manifests, options, (progress) => reused.push(progress.reused));
    expect(reused.every(Boolean) && reused.length).toBe(6);
    expect(again.gradebook).toBe(outcome.gradebook);
  });
});
