import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gradescopeZip, inAutograder } from '../src/class/gradescope-release.js';

const root = join(import.meta.dirname, '../../..');

describe('the Gradescope autograder zip', () => {
  const { zip } = gradescopeZip(root);
  const names = Object.keys(unzipSync(zip));

  it('has setup.sh and run_autograder at its root', () => {
    expect(names).toContain('setup.sh');
    expect(names).toContain('run_autograder');
  });

  it('carries the hidden tests, the grader and the lockfile', () => {
    expect(names.some((name) => /^solutions\/01-ttl-cache\/hidden\/.+\.test\.ts$/.test(name))).toBe(true);
    expect(names).toContain('packages/cli/bin/workbook.js');
    expect(names).toContain('pnpm-lock.yaml');
  });

  it('leaves out the reference solutions’ code', () => {
    expect(names.filter((name) => /^solutions\/[^/]+\/src\//.test(name))).toEqual([]);
    expect(inAutograder('solutions/02-disk-cache/src/disk-cache.ts')).toBe(false);
    expect(inAutograder('solutions/02-disk-cache/hidden/helpers/dirs.ts')).toBe(true);
  });
});
