/**
 * `pnpm load-check [runs]`: the grade must not depend on the machine's load. Starts two background grading loops
 * (the kind of load that breaks timing: processes, I/O, Redis, not a bare CPU burner), then grades the reference
 * solutions and the untouched starters `runs` times each (default 10) beside them. Passes only when every
 * solutions run scores full marks and every starters run scores 0 with no test timing out. Stops the loops by
 * process group at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/workbook.js', import.meta.url));
const runs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`\`runs\` must be a positive whole number, got ${process.argv[2]}`);

interface Report {
  points: number;
  maxPoints: number;
  exercises: { id: string; points: number; maxPoints: number; flags: string[]; tests: { name: string; status: string; message?: string }[] }[];
}

function grade(target: string): { report: Report; seconds: number } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [bin, 'grade', '--target', target, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, CI: 'true' } });
  return { report: JSON.parse(result.stdout) as Report, seconds: (Date.now() - started) / 1000 };
}

function loadLoop(): ChildProcess {
  const loop = spawn('bash', ['-c', `while true; do "${process.execPath}" "${bin}" grade --target solutions --json >/dev/null 2>&1; done`], { cwd: root, detached: true, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
  loop.unref();
  return loop;
}

const loops = [loadLoop(), loadLoop()];
const stop = (): void => {
  for (const loop of loops) {
    try {
      process.kill(-loop.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

let failures = 0;
try {
  for (let run = 1; run <= runs; run += 1) {
    for (const target of ['solutions', 'exercises'] as const) {
      const load = loadavg()[0]!.toFixed(1);
      const { report, seconds } = grade(target);
      const timeouts = report.exercises.flatMap((e) => e.tests.filter((t) => t.status === 'timeout').map((t) => `${e.id}: ${t.name}`));
      const flagged = report.exercises.filter((e) => e.flags.length > 0).map((e) => e.id);
      const ok = target === 'solutions' ? report.points === report.maxPoints && report.maxPoints === 400 && flagged.length === 0 : report.points === 0 && timeouts.length === 0 && flagged.length === 0;
      if (!ok) failures += 1;
      console.log(`${ok ? '✔' : '✖'} run ${run} ${target.padEnd(9)} ${report.points}/${report.maxPoints} in ${seconds.toFixed(1)} s, load ${load} on ${availableParallelism()} cores${flagged.length ? `, flagged ${flagged.join(', ')}` : ''}`);
      if (!ok) {
        for (const exercise of report.exercises) for (const test of exercise.tests) if (target === 'solutions' ? test.status !== 'pass' : test.status === 'timeout' || test.status === 'pass') console.log(`    ${exercise.id} ${test.status}: ${test.name} ${test.message ?? ''}`);
      }
    }
  }
} finally {
  stop();
}
console.log(failures === 0 ? `load-check: all ${runs * 2} gradings exact under load` : `load-check: ${failures} of ${runs * 2} gradings were off`);
process.exitCode = failures === 0 ? 0 : 1;
