import { describe, expect, it } from 'vitest';
import type { IO } from '../src/io.js';
import { COMMANDS, main, parseCommand } from '../src/main.js';

function capture(env: NodeJS.ProcessEnv = { CI: 'true' }) {
  const out: string[] = [];
  const err: string[] = [];
  const io: IO = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd: process.cwd(), isTTY: false };
  return { io, out, err };
}

describe('the command line', () => {
  it('prints usage and exits 2 for an unknown command', async () => {
    const { io, err } = capture();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown command "frobnicate"[\s\S]*Usage:/);
  });

  it('rejects an unknown exercise id, listing the valid ones', async () => {
    const { io, err } = capture();
    expect(await main(['run', 'ex9'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown exercise ex9: the exercises are ex1, ex2, ex3, ex4/);
  });

  it('rejects an unknown exercise id to grade, listing the valid ones', async () => {
    const { io, err } = capture();
    expect(await main(['grade', 'ex2', 'ex5', '--json'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown exercise ex5: the exercises are ex1, ex2, ex3, ex4/);
  });

  it('asks for an exercise when none is named', async () => {
    const { io, err } = capture();
    expect(await main(['run'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/Name an exercise, like ex1/);
  });

  it('rejects a --target that is not a folder, naming the option', async () => {
    const { io, err } = capture();
    expect(await main(['grade', '--target', '/definitely/not/here', '--json'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/`--target`/);
  });

  it('rejects an unknown option with usage', async () => {
    const { io, err } = capture();
    expect(await main(['grade', '--colour'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/Usage:/);
  });

  it.each([['--help'], ['help'], ['-h']])('prints every command\'s usage for %s and exits 0', async (flag) => {
    const { io, out, err } = capture();
    expect(await main([flag], io)).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(out.join('\n')).toContain(`workbook ${name}`);
    expect(err).toEqual([]);
  });

  it.each(Object.keys(COMMANDS))('prints the usage of %s for --help without running it', async (name) => {
    const { io, out } = capture();
    // `reset ex1 --help` would restore exercise 1 if --help ran the command.
    expect(await main([name, ...(name === 'reset' ? ['ex1'] : []), '--help'], io)).toBe(0);
    const [title, ...lines] = out.join('\n').split('\n');
    expect(title).toBe('Usage:');
    for (const line of lines) expect(line.startsWith(`  workbook ${name} `), line).toBe(true);
  });

  it('reads a command line against the table without running it', () => {
    expect(parseCommand(['run', 'ex1', '--watch'])).toEqual({ name: 'run', values: { solution: false, demo: false, watch: true }, positionals: ['ex1'], help: false });
    expect(() => parseCommand(['run', 'ex1', '--colour'])).toThrow(expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }));
    expect(() => parseCommand(['bundle', 'a', 'b'])).toThrow(/Name one folder for the student edition; got 2: a b/);
    expect(() => parseCommand(['frobnicate'])).toThrow(/Unknown command "frobnicate"/);
  });
});
