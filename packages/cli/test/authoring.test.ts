import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IO } from '../src/io.js';
import { main } from '../src/main.js';
import { loadManifests } from '../src/manifest.js';
import { publicDeclarations } from './authoring/declarations.js';
import { namedRules, statedRules, taskOf } from './authoring/rules.js';

const root = join(import.meta.dirname, '../../..');
const manifests = loadManifests(root);
const byId = (cases: typeof manifests) => cases.map((manifest) => [manifest.id, manifest] as const);

interface Report {
  points: number;
  maxPoints: number;
  exercises: { id: string; points: number; maxPoints: number; tests: { name: string; task: string; status: string; message?: string }[] }[];
}

async function grade(target: string) {
  const out: string[] = [];
  const io: IO = { out: (t) => out.push(t), err: () => {}, env: { ...process.env, CI: 'true' }, cwd: process.cwd(), isTTY: false };
  const code = await main(['grade', '--target', target, '--json'], io);
  return { code, report: JSON.parse(out.join('\n')) as Report };
}

// The reference solutions are graded once; the rule checks read their test list from the same run.
let solutionsGrade: ReturnType<typeof grade> | undefined;
const gradeSolutions = () => (solutionsGrade ??= grade('solutions'));

// The authoring promise (rustlings' `dev check`): every reference solution passes all its hidden tests, and every
// untouched starter fails them all without crashing or hanging the grader.
describe.concurrent('the authoring promise', () => {
  it('gives every reference solution full marks', async () => {
    const { code, report } = await gradeSolutions();
    for (const exercise of report.exercises) {
      const failing = exercise.tests.filter((t) => t.status !== 'pass' && t.status !== 'skip').map((t) => `${t.name}: ${t.status} ${t.message ?? ''}`);
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

// Every rule an exercise guide (exercises/NN-name/README.md) states has an id (`ex1.ttl-cache.boundary`); every hidden test names the rules it checks
// in its outermost describe (`… [ex1.ttl-cache.boundary]`). A stated rule without a test is a rule nobody grades; a
// test without a stated rule is a requirement the learner cannot read.
describe('every rule stated, every rule tested', () => {
  const guides = manifests.map((manifest) => readFileSync(join(root, 'exercises', manifest.dir, 'README.md'), 'utf8'));
  const stated = statedRules(guides.join('\n'));

  it('states rule ids only inside the exercise they belong to', () => {
    const misplaced = [...stated].flatMap(([number, ids]) => [...ids].filter((id) => id.split('.')[0] !== `ex${number}`));
    expect(misplaced, 'a rule id stated outside its own exercise guide').toEqual([]);
  });

  it.each(byId(manifests))('%s: every stated rule belongs to a task of the manifest', (_, manifest) => {
    const tasks = manifest.tasks.map((task) => task.id);
    const strays = [...(stated.get(manifest.number) ?? [])].filter((id) => !tasks.includes(taskOf(id)));
    expect(strays, `rule ids whose middle part is not a task id of ${manifest.dir}/manifest.json (${tasks.join(', ')})`).toEqual([]);
  });

  it.each(byId(manifests))('%s: every rule its guide states is checked by a hidden test', async (id, manifest) => {
    const tests = (await gradeSolutions()).report.exercises.find((e) => e.id === id)!.tests;
    const tested = new Set(tests.flatMap((test) => namedRules(test.name)));
    const untested = [...(stated.get(manifest.number) ?? [])].filter((rule) => !tested.has(rule));
    expect(stated.get(manifest.number)?.size ?? 0, `exercises/${manifest.dir}/README.md states its rules with ids`).toBeGreaterThan(0);
    expect(untested, 'rules the guide states that no hidden test names').toEqual([]);
  });

  it.each(byId(manifests))('%s: every hidden test checks a stated rule of its own task', async (id, manifest) => {
    const rules = stated.get(manifest.number) ?? new Set<string>();
    const tests = (await gradeSolutions()).report.exercises.find((e) => e.id === id)!.tests;
    const unstated = tests.filter((test) => {
      const named = namedRules(test.name);
      return named.length === 0 || named.some((rule) => !rules.has(rule) || taskOf(rule) !== test.task);
    });
    expect(unstated.map((test) => `${test.task}: ${test.name}`), 'hidden tests that name no rule, a rule the guide does not state, or a rule of another task').toEqual([]);
  });
});

describe('starters and solutions are twins', () => {
  it.each(byId(manifests))('%s: the starter has a TODO for every task', (_, manifest) => {
    const src = join(root, 'exercises', manifest.dir, 'src');
    const text = readdirSync(src).map((file) => readFileSync(join(src, file), 'utf8')).join('\n');
    const missing = manifest.tasks.filter((task) => !text.includes(`TODO(${manifest.id}.${task.id})`)).map((task) => task.id);
    expect(missing, `tasks with no TODO(${manifest.id}.<task>) in exercises/${manifest.dir}/src`).toEqual([]);
  });

  it('export the same names with the same types, file for file', () => {
    const dirs = manifests.flatMap((m) => [join(root, 'exercises', m.dir, 'src'), join(root, 'solutions', m.dir, 'src')]);
    const declarations = publicDeclarations(root, dirs);
    for (const manifest of manifests) {
      const starter = join(root, 'exercises', manifest.dir, 'src');
      const solution = join(root, 'solutions', manifest.dir, 'src');
      expect(readdirSync(starter).sort(), `${manifest.id}: the starter has the solution's files`).toEqual(readdirSync(solution).sort());
      for (const file of readdirSync(solution).filter((name) => name.endsWith('.ts'))) {
        expect(declarations.get(join(starter, file)), `exercises/${manifest.dir}/src/${file} declares what the solution's twin declares`).toBe(declarations.get(join(solution, file)));
      }
    }
  });
});

describe('hidden suites', () => {
  it.each(byId(manifests))('%s: every hidden test file sits in the folder of a manifest task', (_, manifest) => {
    const hidden = join(root, 'solutions', manifest.dir, 'hidden');
    const tasks = manifest.tasks.map((task) => task.id);
    const files = existsSync(hidden) ? readdirSync(hidden, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.test.ts')) : [];
    const strays = files.filter((file) => !tasks.includes(file.split('/')[0]!) || !statSync(join(hidden, file.split('/')[0]!)).isDirectory() || file.split('/').length !== 2);
    expect(files.length, `${relative(root, hidden)} has tests`).toBeGreaterThan(0);
    expect(strays, `test files outside hidden/<task-id>/ (tasks: ${tasks.join(', ')})`).toEqual([]);
  });
});
