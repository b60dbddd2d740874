import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '../src/paths.js';

/**
 * The course text keeps its promises: theory.md is a lecture of at most 6,500 words (a 45-minute read), every
 * deep dive in theory/ is reachable from it, no link leads nowhere, and every chapter says what it teaches and how
 * long it takes.
 */

const root = findRepoRoot();
const THEORY = join(root, 'theory.md');
const DEEP_DIVES = join(root, 'theory');
const MAX_WORDS = 6_500;

/** The lines of a Markdown text that are prose: fenced code blocks (``` or ~~~, Mermaid included) are left out. */
function proseLines(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) fence = marker;
    else if (fence !== undefined && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    else if (fence === undefined) lines.push(line);
  }
  return lines;
}

/** Words outside fenced code: whitespace-separated tokens holding a letter or a digit (table pipes and rules don't count). */
function countWords(markdown: string): number {
  return proseLines(markdown)
    .flatMap((line) => line.split(/\s+/))
    .filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

/** The anchor GitHub gives a heading: its text lower-cased, punctuation removed, spaces turned into hyphens. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text stays, its target goes
    .replace(/[`*]/g, '') // code and emphasis markers
    .replace(/<[^>]+>/g, ''); // inline HTML tags
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's ATX headings, with GitHub's `-1`, `-2` suffixes for repeated ones. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Relative link targets in prose (inline code left out): `[text](target)`, images, and reference definitions. */
function relativeLinks(markdown: string): string[] {
  const targets: string[] = [];
  for (const line of proseLines(markdown)) {
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]!);
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(prose)?.[1];
    if (definition !== undefined) targets.push(definition);
  }
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

const markdownFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith('.md') ? [path] : [];
  });

const allFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });

/** What is wrong with one link from `file`, or undefined when it leads to an existing file and heading. */
function brokenLink(file: string, target: string): string | undefined {
  const [pathPart = '', anchor] = target.split('#', 2) as [string, string | undefined];
  const destination = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
  if (!existsSync(destination)) return `${target}: no file ${relative(root, destination)}`;
  if (anchor === undefined || anchor === '') return undefined;
  if (!destination.endsWith('.md')) return `${target}: an anchor into a file that is not Markdown`;
  return anchors(readFileSync(destination, 'utf8')).has(decodeURIComponent(anchor).toLowerCase())
    ? undefined
    : `${target}: no heading with the anchor #${anchor} in ${relative(root, destination)}`;
}

/** theory.md's numbered sections, `'3'` or `'3.3'`, with their titles: `## 3. Title` and `### 3.3 Title`. */
function sections(markdown: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of proseLines(markdown)) {
    const match = /^#{2,3} (\d+(?:\.\d+)?)\.? (.+)$/.exec(line);
    if (match) result.set(match[1]!, match[2]!.trim());
  }
  return result;
}

/** The files that point into theory.md by section number: manifests' hints, guides, the overview, and source comments. */
function referringFiles(): string[] {
  const exerciseDirs = ['exercises', 'solutions'].flatMap((top) => (existsSync(join(root, top)) ? readdirSync(join(root, top)).map((dir) => join(root, top, dir)) : []));
  const sources = [...exerciseDirs, ...readdirSync(join(root, 'packages')).map((dir) => join(root, 'packages', dir))]
    .flatMap((dir) => ['src', 'bench', 'hidden'].map((sub) => join(dir, sub)))
    .filter((dir) => existsSync(dir))
    .flatMap(allFiles)
    .filter((file) => file.endsWith('.ts'));
  const guides = exerciseDirs.flatMap((dir) => ['README.md', 'manifest.json'].map((name) => join(dir, name))).filter((file) => existsSync(file));
  return [join(root, 'README.md'), join(root, 'exercise.md'), ...guides, ...sources].filter((file) => existsSync(file));
}

describe('the docs test’s own Markdown reading', () => {
  it('counts words outside fenced blocks only, and not table punctuation', () => {
    const md = ['# Title here', '', '| a | b |', '| --- | --- |', '```mermaid', 'sequenceDiagram', '    A->>B: hi there', '```', 'Two words.', '~~~', 'x', '~~~'].join('\n');
    expect(countWords(md)).toBe(2 + 2 + 2);
  });

  it('makes anchors as GitHub does', () => {
    expect(slug('4.1 The caches you don’t run')).toBe('41-the-caches-you-dont-run');
    expect(slug("4.1 The caches you don't run")).toBe('41-the-caches-you-dont-run');
    expect(slug('8.10 Redis memory limits: `maxmemory` and `maxmemory-policy`')).toBe('810-redis-memory-limits-maxmemory-and-maxmemory-policy');
    expect(slug('Task 1 — `LRUCache` (15 points)')).toBe('task-1--lrucache-15-points');
    expect(slug('**You** and snake_case')).toBe('you-and-snake_case');
    expect([...anchors('# A\n## A\n```\n# not a heading\n```\n### A')]).toEqual(['a', 'a-1', 'a-2']);
  });

  it('finds relative links in prose, not in code or absolute URLs', () => {
    const md = ['See [one](theory/a.md#x) and ![img](pic.png "t").', '`[no](code.md)` and [web](https://example.com).', '[ref]: theory/b.md', '```', '[no](fenced.md)', '```'].join('\n');
    expect(relativeLinks(md)).toEqual(['theory/a.md#x', 'pic.png', 'theory/b.md']);
  });
});

describe('theory.md, the 45-minute lecture', () => {
  const theory = readFileSync(THEORY, 'utf8');

  it(`is at most ${MAX_WORDS.toLocaleString('en')} words outside fenced code blocks`, () => {
    const words = countWords(theory);
    expect(words, `theory.md has ${words} words outside fenced code blocks; the core path may have ${MAX_WORDS}. Move depth into a theory/ deep dive and link to it.`).toBeLessThanOrEqual(MAX_WORDS);
  });

  it('opens every chapter with what you will be able to do and a reading time', () => {
    const chapters = theory.split(/^(?=## \d+\. )/m).slice(1);
    expect(chapters.length, 'theory.md has chapters headed "## N. Title"').toBeGreaterThan(0);
    const missing = chapters.flatMap((chapter) => {
      const [heading, ...rest] = chapter.split('\n');
      const nextHeading = rest.findIndex((line) => /^#{1,6} /.test(line));
      // The first few non-blank lines before the chapter's first subsection.
      const opening = (nextHeading === -1 ? rest : rest.slice(0, nextHeading)).filter((line) => line.trim() !== '').slice(0, 6);
      const problems: string[] = [];
      if (!/^\*\*You will be able to:\*\* \S/.test(opening[0] ?? '')) problems.push(`${heading}: its first line must be "**You will be able to:** …"`);
      if (!opening.some((line) => /^\*\*Reading time:\*\* \d+ min\b/.test(line))) problems.push(`${heading}: a "**Reading time:** N min" line must follow it`);
      return problems;
    });
    expect(missing).toEqual([]);
  });

  it('links every deep dive in theory/', () => {
    const linked = new Set(relativeLinks(theory).map((target) => resolve(root, decodeURIComponent(target.split('#')[0]!))));
    const unlinked = (existsSync(DEEP_DIVES) ? allFiles(DEEP_DIVES) : []).filter((file) => !linked.has(file)).map((file) => relative(root, file));
    expect(unlinked, 'every file in theory/ is linked from theory.md').toEqual([]);
  });

  it('is pointed at only by section numbers it has, and hints name each section by its title', () => {
    const known = sections(theory);
    const wrong = referringFiles().flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const where = relative(root, file);
      const problems: string[] = [];
      for (const [, number] of text.matchAll(/theory(?:\.md)?`? ?§ ?(\d+(?:\.\d+)?)/g)) {
        if (!known.has(number!)) problems.push(`${where}: theory § ${number} does not exist`);
      }
      if (file.endsWith('manifest.json')) {
        const hints = (JSON.parse(text) as { tasks: { hints: string[] }[] }).tasks.flatMap((task) => task.hints).filter((hint) => hint.includes('theory.md'));
        for (const [, number, title] of hints.join('\n').matchAll(/§ (\d+(?:\.\d+)?) '([^']+)'/g)) {
          const actual = known.get(number!);
          if (actual === undefined || !actual.startsWith(title!)) problems.push(`${where}: a hint names § ${number} '${title}', but theory.md's § ${number} is ${actual === undefined ? 'missing' : `'${actual}'`}`);
        }
      }
      return problems;
    });
    expect(wrong).toEqual([]);
  });

  it('has no relative link, in theory.md or theory/*.md, to a missing file or heading', () => {
    const files = [THEORY, ...(existsSync(DEEP_DIVES) ? markdownFiles(DEEP_DIVES) : [])];
    const broken = files.flatMap((file) =>
      relativeLinks(readFileSync(file, 'utf8')).flatMap((target) => {
        const problem = brokenLink(file, target);
        return problem === undefined ? [] : [`${relative(root, file)} → ${problem}`];
      }),
    );
    expect(broken).toEqual([]);
  });
});
