import { gradeFixture } from './test/fixtures/grade-fixture.ts';
const r = await gradeFixture(process.argv[2]!, process.argv[3] ?? 'ex1');
console.log(JSON.stringify({ points: r.points, tampered: r.tampered, notes: r.notes, tests: r.tests.map((t) => [t.name, t.status, t.message?.slice(0, 300)]) }, null, 1));
