import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/main.js';

// Every command the docs tell a reader to type runs as written. Each fenced shell block (```sh, ```bash, ```console)
// is read line by line, and each inline `pnpm …` code span as one line; every `pnpm …` in it must name a script of the root package.json, a pnpm command, or a binary
// the workspace installs, and a `workbook` command (direct, or behind a script such as `pnpm ex1`) must be one the
// CLI's command table accepts, options included. Blocks marked ```sh runnable are also run, from the repository root
// under CI=true: mark only commands that are fast, offline and change nothing.

const root = join(import.meta.dirname, '../../..');
const docs = ['README.md', 'exercise.md', 'CONTRIBUTING.md', ...readdirSync(join(root, 'exercises')).filter((dir) => existsSync(join(root, 'exercises', dir, 'README.md'))).map((dir) => `exercises/${dir}/README.md`)];
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

const SHELLS = new Set(['sh', 'bash', 'console', 'shell']);
/** pnpm's own commands that the docs may use, besides the scripts. */
const PNPM_COMMANDS = new Set(['install', 'i', 'exec', 'run']);
/** pnpm options that may come before the command. */
const PNPM_FLAGS = new Set(['-s', '--silent']);

interface Block {
  where: string;
  runnable: boolean;
  /** The commands, one a line, with line continuations joined, comments and `$ ` prompts removed. */
  commands: { where: string; text: string }[];
  source: string;
}

/** The fenced shell blocks of a Markdown file. */
function shellBlocks(file: string): Block[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(`{3,}|~{3,})\s*([\w-]*)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const end = lines.findIndex((line, j) => j > i && line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '');
    const close = end === -1 ? lines.length : end;
    const body = lines.slice(i + 1, close);
    if (SHELLS.has(open[2]!)) {
      const console = open[2] === 'console';
      const commands: Block['commands'] = [];
      for (let j = 0; j < body.length; j++) {
        let text = body[j]!;
        const start = j;
        if (console) {
          if (!/^\s*\$ /.test(text)) continue;
          text = text.replace(/^\s*\$ /, '');
        }
        while (text.endsWith('\\') && j + 1 < body.length) text = `${text.slice(0, -1)} ${body[++j]!.trim()}`;
        text = stripComment(text).trim();
        if (text) commands.push({ where: `${file}:${i + 2 + start}`, text });
      }
      blocks.push({ where: `${file}:${i + 1}`, runnable: /\brunnable\b/.test(open[3]!), commands, source: body.join('\n') });
    }
    i = close;
  }
  return blocks;
}

/** The line without a trailing `# comment` (a `#` at the start of a word, outside quotes). */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) quote = c === quote ? '' : quote;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** The simple commands of a line, as words: split at `&&`, `||`, `;`, `|` and parentheses; quotes removed. */
function simpleCommands(line: string): string[][] {
  return line
    .split(/&&|\|\||;|\||[()]/)
    .map((part) => (part.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((word) => word.replace(/^(["'])(.*)\1$/, '$2')))
    // Redirections (`>/dev/null`, `2>&1`, `<in`) are not arguments; a `<placeholder>` is.
    .map((words) => words.filter((word) => /^<[\w-]+>$/.test(word) || !/^\d?[<>]/.test(word)))
    .filter((words) => words.length > 0);
}

/** Placeholders the docs use for "any exercise" and "any suite": read as a real value. */
const concrete = (word: string): string => (word === 'exN' ? 'ex1' : /^<[\w-]+>$/.test(word) ? 'placeholder' : word);

/** Why a `pnpm …` command would not run as written, or undefined when it would. */
function problemWith(words: string[]): string | undefined {
  let rest = words.slice(1).map(concrete);
  while (rest[0]?.startsWith('-')) {
    if (!PNPM_FLAGS.has(rest[0])) return `pnpm option ${rest[0]} is not one the docs may use (${[...PNPM_FLAGS].join(', ')})`;
    rest = rest.slice(1);
  }
  let [command, ...args] = rest;
  if (command === undefined) return 'pnpm without a command';
  if (command === 'install' || command === 'i') return undefined;
  if (command === 'run') [command, ...args] = args;
  else if (command === 'exec') {
    const [bin, ...binArgs] = args;
    if (bin === 'workbook') return workbookProblem(binArgs);
    return bin && existsSync(join(root, 'node_modules', '.bin', bin)) ? undefined : `pnpm exec ${bin}: no such binary in node_modules/.bin`;
  }
  if (command === undefined || !Object.hasOwn(scripts, command)) return `pnpm ${command}: no such script in package.json${PNPM_COMMANDS.has(command ?? '') ? '' : ` (scripts: ${Object.keys(scripts).join(', ')})`}`;
  const script = scripts[command]!.split(/\s+/);
  return script[0] === 'workbook' ? workbookProblem([...script.slice(1), ...args]) : undefined;
}

function workbookProblem(argv: string[]): string | undefined {
  try {
    parseCommand(argv);
    return undefined;
  } catch (error) {
    return `workbook ${argv.join(' ')}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * The `pnpm …` commands written inline in prose and tables (`` `pnpm ex1 --watch` ``), with optional parts in
 * brackets (`[--burn]`) left out and a table's escaped `\|` read as `|`.
 */
function inlineCommands(file: string): { where: string; text: string }[] {
  return readFileSync(join(root, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => [...line.matchAll(/(?<!`)`(pnpm [^`]+)`(?!`)/g)].map((match) => ({ where: `${file}:${i + 1}`, text: match[1]!.replace(/\s*\[[^\]]*\]/g, '').replace(/\\\|/g, '|') })));
}

const blocks = docs.flatMap(shellBlocks);
const written = [...blocks.flatMap((block) => block.commands), ...docs.flatMap(inlineCommands)];
const pnpmCommands = written.flatMap(({ where, text }) => simpleCommands(text).filter((words) => words[0] === 'pnpm').map((words) => ({ where, words })));

describe('every command in the docs runs as written', () => {
  it('finds the shell blocks of the README and every guide', () => {
    expect(blocks.some((block) => block.where.startsWith('README.md')), 'README.md has shell blocks').toBe(true);
    expect(pnpmCommands.length).toBeGreaterThan(5);
  });

  it.each(pnpmCommands.map(({ where, words }) => [`${where}: ${words.join(' ')}`, words] as const))('%s', (_, words) => {
    expect(problemWith(words)).toBeUndefined();
  });

  const runnable = blocks.filter((block) => block.runnable);
  it('marks some blocks runnable', () => {
    expect(runnable.length).toBeGreaterThan(0);
  });

  it.each(runnable.map((block) => [block.where, block] as const))('runs the block at %s, exiting 0', (_, block) => {
    const result = spawnSync('bash', ['-eo', 'pipefail', '-c', block.source], { cwd: root, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, encoding: 'utf8', timeout: 120_000 });
    expect(result.status, `${block.source}\n${result.stdout}\n${result.stderr}`).toBe(0);
  }, 180_000);
});

describe('the docs test itself', () => {
  it('catches a missing script, an unknown option and an unknown workbook command', () => {
    expect(problemWith(['pnpm', 'ex9'])).toMatch(/no such script/);
    expect(problemWith(['pnpm', 'ex1', '--colour'])).toMatch(/Unknown option '--colour'/);
    expect(problemWith(['pnpm', 'exec', 'workbook', 'frobnicate'])).toMatch(/Unknown command/);
    expect(problemWith(['pnpm', '-s', 'grade', 'exN', '--json'])).toBeUndefined();
  });

  it('reads commands out of a line as a shell would split them', () => {
    expect(simpleCommands('(command -v pnpm >/dev/null || npm install -g pnpm@12) && pnpm install && pnpm ex1')).toEqual([['command', '-v', 'pnpm'], ['npm', 'install', '-g', 'pnpm@12'], ['pnpm', 'install'], ['pnpm', 'ex1']]);
    expect(stripComment('pnpm ex4 --watch    # re-run on every save')).toBe('pnpm ex4 --watch    ');
  });
});
