import { describe, expect, it } from 'vitest';
import type { IO } from '../src/io.js';
import { main } from '../src/main.js';

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
});
