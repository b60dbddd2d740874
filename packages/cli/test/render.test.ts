import { describe, expect, it } from 'vitest';
import { renderBench } from '../src/bench/render.js';
import type { GradedExercise } from '../src/grade/score.js';
import { renderChecklist, renderGrade } from '../src/render/checklist.js';
import { makeStyle, wantsColor } from '../src/render/style.js';

const exercise: GradedExercise = {
  id: 'ex1',
  title: 'TTL cache',
  points: 10,
  maxPoints: 30,
  bonusPoints: 0,
  maxBonusPoints: 0,
  notes: [],
  tampered: [],
  tasks: [
    { id: 'a', title: 'Basics', points: 10, maxPoints: 10, passed: 2, total: 2, rules: [], tests: [] },
    {
      id: 'b',
      title: 'Capacity',
      points: 0,
      maxPoints: 20,
      passed: 0,
      total: 1,
      rules: [],
      tests: [{ name: 'evicts the oldest', task: 'b', rule: 'eviction', status: 'fail', points: 0, maxPoints: 20, message: 'expected [a] to equal [b]' }],
    },
  ],
  tests: [],
};

describe('the checklist', () => {
  it('lists every task with a mark and its points', () => {
    const text = renderChecklist(exercise, { target: 'exercises' });
    expect(text).toContain('✔ 1. Basics');
    expect(text).toMatch(/✖ 2\. Capacity\s+0\/20/);
    expect(text).toContain('Total: 10/30 points');
  });

  it('shows the first failing task\'s failures and every hint revealed so far', () => {
    const text = renderChecklist({ ...exercise, tests: exercise.tasks[1]!.tests }, { target: 'exercises', hint: { task: 'Capacity', hints: ['Keep your own order.', 'Read theory.md.'], of: 3 } });
    expect(text).toContain('Next up: Capacity');
    expect(text).toContain('✖ evicts the oldest');
    expect(text).toContain('expected [a] to equal [b]');
    expect(text).toContain('Hint 1 of 3: Keep your own order.');
    expect(text).toContain('Hint 2 of 3: Read theory.md.');
  });

  it.each([80, 60])('fits a %i-column terminal', (columns) => {
    const long = { ...exercise, tasks: exercise.tasks.map((task) => ({ ...task, title: `${task.title} `.repeat(12) })) };
    const files = { b: ['src/a-rather-long-file-name.ts', 'src/another-rather-long-file-name.ts', 'src/a-third-one.ts'] };
    const text = renderChecklist(long, { target: 'your code', columns, hint: { task: 'Capacity', hints: ['word '.repeat(40)], of: 1 }, where: { guide: 'exercises/01-ttl-cache/README.md', files } });
    expect(text).toContain('Edit: src/a-rather-long-file-name.ts');
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(columns);
  });

  const where = { guide: 'exercises/01-ttl-cache/README.md', files: { a: ['src/basics.ts'], b: ['src/capacity.ts', 'src/order.ts'] } };

  it('ends by naming the guide and the files of the first failing task', () => {
    const lines = renderChecklist(exercise, { target: 'your code', where }).split('\n');
    expect(lines.at(-1)).toBe('Guide: exercises/01-ttl-cache/README.md · Edit: src/capacity.ts, src/order.ts');
  });

  it('names only the guide once every task passes', () => {
    const done = { ...exercise, points: 30, tasks: exercise.tasks.map((task) => ({ ...task, points: task.maxPoints, passed: task.total, tests: [] })) };
    expect(renderChecklist(done, { target: 'your code', where }).split('\n').at(-1)).toBe('Guide: exercises/01-ttl-cache/README.md');
  });

  it('names only the guide for a task whose manifest lists no files', () => {
    expect(renderChecklist(exercise, { target: 'your code', where: { ...where, files: {} } }).split('\n').at(-1)).toBe('Guide: exercises/01-ttl-cache/README.md');
  });

  it('says why an exercise was flagged as tampered', () => {
    const text = renderChecklist({ ...exercise, points: 0, tampered: ['src/index.ts tried to load vitest'] }, { target: 'exercises' });
    expect(text).toContain('Flagged as tampered, 0 points: src/index.ts tried to load vitest');
  });

  it('prints no colour codes when colour is off', () => {
    expect(renderChecklist(exercise, { target: 'x', style: makeStyle(false), where })).not.toMatch(/\u001b\[/);
  });

  it('totals several exercises in a grade', () => {
    expect(renderGrade([exercise, exercise], 'solutions')).toContain('Grade for solutions: 20/60 points');
  });

  it('names the failing tests in the grade report', () => {
    expect(renderGrade([{ ...exercise, tests: exercise.tasks[1]!.tests }], 'solutions')).toMatch(/Failing tests:\n\s+✖ b: evicts the oldest/);
  });

  it('gives each failing test in the grade report the first line of its message', () => {
    expect(renderGrade([{ ...exercise, tests: exercise.tasks[1]!.tests }], 'solutions')).toMatch(/✖ b: evicts the oldest.*\n\s+expected \[a\] to equal \[b\]/);
  });
});

describe('colour', () => {
  it.each([
    ['CI', { CI: 'true' }],
    ['NO_COLOR', { NO_COLOR: '1' }],
    ['TERM=dumb', { TERM: 'dumb' }],
  ])('is off under %s', (_name, env) => {
    expect(wantsColor(env, true)).toBe(false);
  });

  it('is on for a plain terminal and off when piped', () => {
    expect(wantsColor({}, true)).toBe(true);
    expect(wantsColor({}, false)).toBe(false);
  });
});

describe('the bench table', () => {
  it('shows ratios and whether targets are met', () => {
    const suite = { suite: 's', baseline: 'peer', tasks: [], targets: [{ task: 'get', contender: 'ours', minRatio: 1 }] };
    const text = renderBench(suite, [
      { suite: 's', task: 'get', contender: 'ours', opsPerSec: 2_000_000, ratio: 2 },
      { suite: 's', task: 'get', contender: 'peer', opsPerSec: 1_000_000, ratio: 1 },
    ]);
    expect(text).toMatch(/get\s+ours\s+2,000,000\s+2\.00×\s+≥ 1\.00× ✔/);
  });
});
