import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleCommand } from '../src/commands/bundle.js';
import type { IO } from '../src/io.js';
import { findRepoRoot } from '../src/paths.js';
import { PUBLIC_ONLY_NOTE } from '../src/render/checklist.js';

/**
 * The student edition end to end: built from a fresh clone (the committed state, in any checkout), installed offline
 * from the store with the frozen lockfile, `pnpm ex1` and `pnpm bench` run in it, and checked by content that no
 * solution leaked.
 */

/** Every file under `dir`, relative to it, skipping `node_modules`. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => !file.split(sep).includes('node_modules') && statSync(join(dir, file)).isFile())
    .map((file) => file.split(sep).join('/'));
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Runs a command to its end; its exit code and everything it printed. */
function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  // The child is a student's terminal, not part of this test run: none of vitest's or the outer pnpm's variables.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|npm_|PNPM_SCRIPT|INIT_CWD$|NODE_ENV$|TEST$)/.test(key)));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

// One clone, one install, one `pnpm ex1`: minutes on a loaded machine, so a generous limit and no time budget.
describe('the student edition', { timeout: 1_800_000 }, () => {
  it('builds from the last commit, installs offline with the frozen lockfile, runs pnpm ex1 and pnpm bench, and leaks no solution', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'student-edition-'));
    try {
      const clone = join(tmp, 'clone');
      execFileSync('git', ['clone', '--quiet', '--no-hardlinks', findRepoRoot(), clone], { stdio: 'pipe' });
      const edition = join(tmp, 'edition');
      const printed: string[] = [];
      const io: IO = { out: (t) => printed.push(t), err: (t) => printed.push(t), env: { CI: 'true' }, cwd: tmp, isTTY: false };
      expect(bundleCommand(clone, { dir: edition, allowDirty: false }, io), printed.join('\n')).toBe(0);

      // By path: nothing from solutions/ or a hidden/ folder.
      const shipped = filesUnder(edition);
      expect(shipped).toContain('exercises/01-ttl-cache/src/index.ts');
      expect(shipped.filter((file) => /(^|\/)(solutions|hidden)\//.test(file))).toEqual([]);

      // By content: no file of a solution's src/ or hidden/ that differs from every starter file (the starter and the
      // solution share some files, such as validate.ts, byte for byte).
      const starterHashes = new Set(filesUnder(join(clone, 'exercises')).map((file) => sha256(join(clone, 'exercises', file))));
      const secret = new Map<string, string>();
      for (const dir of readdirSync(join(clone, 'solutions'))) {
        for (const part of ['src', 'hidden']) {
          const base = join(clone, 'solutions', dir, part);
          for (const file of filesUnder(base)) {
            const hash = sha256(join(base, file));
            if (!starterHashes.has(hash)) secret.set(hash, relative(clone, join(base, file)));
          }
        }
      }
      expect(secret.size, 'the solutions have files of their own').toBeGreaterThan(20);
      const leaked = shipped.filter((file) => secret.has(sha256(join(edition, file)))).map((file) => `${file} = ${secret.get(sha256(join(edition, file)))}`);
      expect(leaked, 'solution files shipped under another name').toEqual([]);

      // The instructor-only parts are gone from what ships.
      const scripts = (JSON.parse(readFileSync(join(edition, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
      expect(JSON.stringify(scripts)).not.toMatch(/solutions|packages\/cli\/scripts|stryker/);
      expect(readFileSync(join(edition, 'README.md'), 'utf8')).not.toMatch(/instructor -->|## The instructor loop/);
      expect(readFileSync(join(edition, 'pnpm-lock.yaml'), 'utf8')).not.toMatch(/solutions\/|@stryker-mutator/);
      expect(shipped.filter((file) => /^(packages\/cli\/(test|scripts|templates)\/|CONTRIBUTING\.md$)/.test(file))).toEqual([]);
      if (existsSync(join(clone, 'packages/cli/templates/github-classroom-student.yml'))) expect(shipped).toContain('.github/workflows/check.yml');

      // The lockfile is accepted as it is, offline from the store, and left unchanged.
      const lockfile = readFileSync(join(edition, 'pnpm-lock.yaml'), 'utf8');
      const install = await run('pnpm', ['install', '--frozen-lockfile', '--offline'], edition);
      expect(install.code, install.output).toBe(0);
      expect(readFileSync(join(edition, 'pnpm-lock.yaml'), 'utf8')).toBe(lockfile);

      // pnpm ex1 runs the public tests on the untouched starter: 0 points, and the note that the grade has more tests.
      const ex1 = await run('pnpm', ['ex1'], edition);
      expect(ex1.output).toMatch(/Exercise 1 · /);
      expect(ex1.output).toMatch(/Total: 0\/\d+ points/);
      expect(ex1.output).toContain(PUBLIC_ONLY_NOTE);
      expect(ex1.output).toMatch(/Next up: /);

      // pnpm bench measures the student's own code without solutions/: the starter's row says it is not done yet,
      // and the rest of the suite is measured.
      const bench = await run('pnpm', ['-s', 'bench', 'cache-stats', '--quick'], edition);
      expect(bench.code, bench.output).toBe(1);
      expect(bench.output).toMatch(/yours\s+✖ not implemented yet \(ex3\./);
      expect(bench.output).toMatch(/bare\s+[\d,]+\s+1\.00×/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
