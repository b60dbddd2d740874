import { describe, expect, it } from 'vitest';
import type { IO } from '../src/io.js';
import { main } from '../src/main.js';

// The authoring promise (rustlings' `dev check`): every reference solution passes all its hidden tests, and every
// untouched starter fails them all without crashing or hanging the grader.
async function grade(target: string) {
  const out: string[] = [];
  const io: IO = { out: (t) => out.push(t), err: () => {}, env: { ...process.env, CI: 'true' }, cwd: process.cwd(), isTTY: false };
  const code = await main(['grade', '--target', target, '--json'], io);
  return { code, report: JSON.parse(out.join('\n')) as { points: number; maxPoints: number; exercises: { id: string; points: number; maxPoints: number; tests: { name: string; status: string; message?: string }[] }[] } };
}

describe.concurrent('the authoring promise', () => {
  it('gives every reference solution full marks', async () => {
    const { code, report } = await grade('solutions');
    for (const exercise of report.exercises) {
      const failing = exercise.tests.filter((t) => t.status !== 'pass').map((t) => `${t.name}: ${t.status} ${t.message ?? ''}`);
      expect(failing, `${exercise.id}: every hidden test passes against the solution`).toEqual([]);
      expect(exercise.maxPoints, `${exercise.id} is worth points`).toBeGreaterThan(0);
      expect(exercise.points, `${exercise.id}: full marks`).toBe(exercise.maxPoints);
    }
    expect(code).toBe(0);
  });

  it('gives every untouched starter zero, with every test failing and none hanging', async () => {
    const { code, report } = await grade('exercises');
    for (const exercise of report.exercises) {
      expect(exercise.points, `${exercise.id}: the starter earns nothing`).toBe(0);
      const passing = exercise.tests.filter((t) => t.status === 'pass' || t.status === 'timeout').map((t) => `${t.name}: ${t.status}`);
      expect(passing, `${exercise.id}: every test fails or errors on the starter (none passes, none hangs)`).toEqual([]);
    }
    expect(code).not.toBe(0);
  });
});
