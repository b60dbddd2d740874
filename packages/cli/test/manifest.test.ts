import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests, parseManifest } from '../src/manifest.js';

const root = join(import.meta.dirname, '../../..');
const manifests = loadManifests(root);

const fixture = (files: unknown) => JSON.stringify({ id: 'ex9', number: 9, title: 'Fixture', dir: '09-fixture', tasks: [{ id: 'a', title: 'A', points: 10, hints: ['h'], files }] });

describe("a task's `files`", () => {
  it('accepts starter files under src/', () => {
    expect(parseManifest(fixture(['src/cache.ts', 'src/deep/er.ts']), '09-fixture').tasks[0]!.files).toEqual(['src/cache.ts', 'src/deep/er.ts']);
  });

  it.each([[[]], [['cache.ts']], [['src/../x.ts']], [['/src/x.ts']], [['src/x.js']], ['src/x.ts'], [[7]]])('refuses %j, naming the option', (files) => {
    expect(() => parseManifest(fixture(files), '09-fixture')).toThrow(/task a `files` must list files under src\//);
  });

  // `pnpm exN` names these files for the first failing task, so they must be the files the task is written in.
  it.each(manifests.map((m) => [m.id, m] as const))('%s: each task lists exactly the starter files with its TODOs', (_, manifest) => {
    const src = join(root, 'exercises', manifest.dir, 'src');
    const sources = readdirSync(src).filter((file) => file.endsWith('.ts')).map((file) => [`src/${file}`, readFileSync(join(src, file), 'utf8')] as const);
    for (const task of manifest.tasks) {
      const marker = `TODO(${manifest.id}.${task.id})`;
      const withTodos = sources.filter(([, text]) => text.includes(marker)).map(([file]) => file);
      expect([...(task.files ?? [])].sort(), `${manifest.id}.${task.id}: the files with ${marker}`).toEqual(withTodos.sort());
      for (const file of task.files ?? []) expect(existsSync(join(root, 'solutions', manifest.dir, file)), `solutions/${manifest.dir}/${file} exists`).toBe(true);
    }
  });
});
