import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resetCommand, resolveExercise } from '../src/commands/reset.js';
import type { GradedExercise } from '../src/grade/score.js';
import type { IO } from '../src/io.js';
import { main } from '../src/main.js';
import type { ExerciseManifest } from '../src/manifest.js';
import { progressOf, readProgress, recordRun, renderProgress } from '../src/progress.js';
import { TargetError } from '../src/targets.js';

const manifest = (number: number, dir: string, title: string): ExerciseManifest => ({ id: `ex${number}`, number, dir, title, tasks: [{ id: 'a', title: 'Basics', points: 10, hints: ['h'] }] });
const manifests = [manifest(1, '01-ttl-cache', 'TTL cache'), manifest(2, '02-disk-cache', 'Disk cache'), manifest(3, '03-cache-stats', 'Cache stats')];

function capture(ask?: (question: string) => Promise<string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: IO = { out: (t) => out.push(t), err: (t) => err.push(t), env: { CI: 'true' }, cwd: process.cwd(), isTTY: Boolean(ask), ...(ask ? { ask } : {}) };
  return { io, out, err };
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function graded(points: number, failing: string[]): GradedExercise {
  const tests = failing.map((name) => ({ name, task: 'b', rule: 'r', status: 'fail' as const, points: 0, maxPoints: 5 }));
  return {
    id: 'ex1',
    title: 'TTL cache',
    points,
    maxPoints: 100,
    bonusPoints: 0,
    maxBonusPoints: 0,
    notes: [],
    tampered: [],
    tests,
    tasks: [
      { id: 'a', title: 'Basics', points, maxPoints: points, passed: 2, total: 2, rules: [], tests: [] },
      { id: 'b', title: 'Capacity', points: 0, maxPoints: 100 - points, passed: 0, total: failing.length, rules: [], tests },
    ],
  };
}

describe('which exercise an argument names', () => {
  it.each(['1', '01', 'ex1', 'EX1', '01-ttl-cache'])('%s is exercise 1', (arg) => {
    expect(resolveExercise(manifests, arg).id).toBe('ex1');
  });

  it.each(['9', 'ex9', 'ttl', 'ex', '-1'])('%s is an error that lists the valid exercises', (arg) => {
    expect(() => resolveExercise(manifests, arg)).toThrow(TargetError);
    expect(() => resolveExercise(manifests, arg)).toThrow(/Unknown exercise .*: the exercises are ex1, ex2, ex3/);
  });

  it('asks for an exercise when none is named, naming the argument', () => {
    expect(() => resolveExercise(manifests, undefined)).toThrow(/`<exercise>` is missing/);
  });

  it('pnpm reset exits 2 for an unknown exercise, listing the valid ones', async () => {
    const { io, err } = capture();
    expect(await main(['reset', 'ex9', '--yes'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown exercise "ex9": the exercises are ex1, ex2, ex3, ex4/);
  });

  it('pnpm reset exits 2 without an exercise, and for two', async () => {
    expect(await main(['reset'], capture().io)).toBe(2);
    const { io, err } = capture();
    expect(await main(['reset', '1', '2', '--yes'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/Name one exercise to reset/);
  });

  it('pnpm progress takes no arguments', async () => {
    expect(await main(['progress', 'ex1'], capture().io)).toBe(2);
  });
});

describe('progress', () => {
  it('remembers the score and the first task with failing tests', () => {
    const entry = progressOf(graded(40, ['evicts the oldest', 'expired first']), new Date('2026-01-02T03:04:05Z'));
    expect(entry).toEqual({ points: 40, maxPoints: 100, at: '2026-01-02T03:04:05.000Z', next: { task: 'b', title: 'Capacity', failing: 2 } });
    expect(progressOf(graded(100, [])).next).toBeUndefined();
  });

  it('stores runs in .workbook/progress.json, one entry per exercise', () => {
    const root = mkdtempSync(join(tmpdir(), 'progress-'));
    temps.push(root);
    recordRun(root, graded(40, ['a']));
    recordRun(root, { ...graded(100, []), id: 'ex2' });
    expect(Object.keys(JSON.parse(readFileSync(join(root, '.workbook', 'progress.json'), 'utf8')))).toEqual(['ex1', 'ex2']);
    expect(readProgress(root).ex2?.points).toBe(100);
  });

  it('reads a missing or broken progress file as no progress', () => {
    const root = mkdtempSync(join(tmpdir(), 'progress-'));
    temps.push(root);
    expect(readProgress(root)).toEqual({});
    mkdirSync(join(root, '.workbook'));
    writeFileSync(join(root, '.workbook', 'progress.json'), '{ not json');
    expect(readProgress(root)).toEqual({});
  });

  it('renders a row per exercise: last score or "not started", and the next task or "done"', () => {
    const text = renderProgress(manifests, { ex1: progressOf(graded(100, [])), ex2: progressOf({ ...graded(40, ['x', 'y', 'z']), id: 'ex2' }) });
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/exercise\s+title\s+last score\s+next/);
    expect(lines[2]).toMatch(/ex1\s+TTL cache\s+100\/100\s+done$/);
    expect(lines[3]).toMatch(/ex2\s+Disk cache\s+40\/100\s+3 failing tests in Capacity$/);
    expect(lines[4]).toMatch(/ex3\s+Cache stats\s+not started\s+run pnpm ex3$/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('Next: pnpm ex2');
  });

  it('says so when every exercise passes, and fits a narrow terminal', () => {
    const all = Object.fromEntries(manifests.map((m) => [m.id, progressOf({ ...graded(100, []), id: m.id })]));
    expect(renderProgress(manifests, all)).toContain('Every exercise passes.');
    const narrow = renderProgress(manifests, { ex2: progressOf({ ...graded(40, ['x']), id: 'ex2' }) }, undefined, 64);
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(64);
    expect(narrow, 'the next step is cut last').toContain('1 failing test in');
  });
});

// Each of these runs git a few times: seconds on a loaded machine.
describe('pnpm reset', { timeout: 120_000 }, () => {
  const STARTER = 'export const answer = 0; // TODO\n';
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' }).toString();

  /** A checkout with exercise 1 committed, then edited, and a progress entry for it. */
  function edited(): { root: string; file: string } {
    const root = mkdtempSync(join(tmpdir(), 'reset-'));
    temps.push(root);
    const file = join(root, 'exercises/01-ttl-cache/src/index.ts');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, STARTER);
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'starter');
    writeFileSync(file, 'export const answer = 42;\n');
    recordRun(root, graded(40, ['x']));
    return { root, file };
  }

  it('without a terminal and without --yes, refuses and changes nothing', async () => {
    const { root, file } = edited();
    await expect(resetCommand(root, manifests, { exercise: '1', yes: false }, capture().io)).rejects.toThrow(/no terminal to ask on: pass `--yes`/);
    expect(readFileSync(file, 'utf8')).toBe('export const answer = 42;\n');
  });

  it('on a terminal, asks first, and a "no" changes nothing', async () => {
    const { root, file } = edited();
    const questions: string[] = [];
    const { io, out } = capture(async (question) => {
      questions.push(question);
      return 'n';
    });
    expect(await resetCommand(root, manifests, { exercise: 'ex1', yes: false }, io)).toBe(1);
    expect(questions[0]).toMatch(/Restore exercises\/01-ttl-cache\/src .*\[y\/N\]/);
    expect(out.join('\n')).toMatch(/M exercises\/01-ttl-cache\/src\/index\.ts[\s\S]*Nothing was changed/);
    expect(readFileSync(file, 'utf8')).toBe('export const answer = 42;\n');
  });

  it('on a "yes", restores the starter and forgets the exercise\'s progress, leaving new files in place', async () => {
    const { root, file } = edited();
    writeFileSync(join(dirname(file), 'mine.ts'), 'export {};\n');
    const { io, out } = capture(async () => 'y');
    expect(await resetCommand(root, manifests, { exercise: '1', yes: false }, io)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(STARTER);
    expect(readProgress(root).ex1).toBeUndefined();
    expect(out.join('\n')).toMatch(/Restored exercises\/01-ttl-cache\/src[\s\S]*Left in place[\s\S]*mine\.ts/);
  });

  it('with --yes, restores without asking', async () => {
    const { root, file } = edited();
    const { io } = capture(async () => {
      throw new Error('asked');
    });
    expect(await resetCommand(root, manifests, { exercise: '01-ttl-cache', yes: true }, io)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(STARTER);
  });

  it('an untouched starter needs no reset', async () => {
    const { root, file } = edited();
    writeFileSync(file, STARTER);
    const { io, out } = capture();
    expect(await resetCommand(root, manifests, { exercise: '1', yes: false }, io)).toBe(0);
    expect(out.join()).toMatch(/already as the last commit has it/);
  });
});
