import { afterEach, describe, expect, it } from 'vitest';
import { childrenCanBeSandboxed, sandboxedChildArgs } from '../src/child.js';

const original = process.execArgv;
afterEach(() => {
  process.execArgv = original;
});

describe('sandboxedChildArgs', () => {
  it('adds nothing outside the grader’s sandbox', () => {
    process.execArgv = ['--max-old-space-size=768'];
    expect(sandboxedChildArgs('/w/solutions/02/hidden/helpers/child.ts')).toEqual([]);
  });

  it.runIf(childrenCanBeSandboxed())('hands the child the sandbox’s flags, its script’s folder and what resolving its imports reads', () => {
    process.execArgv = ['--permission', '--allow-fs-read=/w/node_modules', '--allow-child-process', '--max-old-space-size=768'];
    const args = sandboxedChildArgs('/w/solutions/02/hidden/helpers/child.ts');
    expect(args).toEqual(expect.arrayContaining(['--permission', '--allow-child-process', '--allow-fs-read=/w/solutions/02/hidden/helpers', '--allow-fs-read=/w/solutions/02/package.json', '--allow-fs-read=/w/solutions/02/node_modules']));
    expect(args, 'the heap limit is the grader’s business, not a permission').not.toContain('--max-old-space-size=768');
    expect(args.filter((arg) => arg === '--allow-fs-read=/w/node_modules'), 'a path given twice aborts Node').toHaveLength(1);
    expect(args.some((arg) => arg === '--allow-fs-read=/w/solutions/02' || arg.startsWith('--allow-fs-read=/w/solutions/02/src')), 'the reference solution stays unreadable').toBe(false);
  });

  it.runIf(!childrenCanBeSandboxed())('leaves the child outside the sandbox where tsx’s loader needs a worker thread (Node 20)', () => {
    process.execArgv = ['--experimental-permission', '--allow-child-process'];
    expect(sandboxedChildArgs('/w/solutions/02/hidden/helpers/child.ts')).toEqual([]);
  });
});
