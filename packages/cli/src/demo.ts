import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@workbook/openrouter';
import type { ExerciseManifest } from './manifest.js';
import type { Style } from './render/style.js';

type CreateClientOptions = NonNullable<Parameters<typeof createClient>[0]>;

/** What the CLI hands an exercise's demo. */
export interface DemoContext {
  /** Prints one line; the demo never writes to stdout itself. */
  print(line?: string): void;
  /** A client for the configured mode (offline unless OPENROUTER_API_KEY is set); options pass through. */
  createClient(options?: Omit<CreateClientOptions, 'env'>): ReturnType<typeof createClient>;
  /** Absolute path of the implementation's `src/index.ts`, for demos that start child processes. */
  implPath: string;
  /** The repository root. */
  root: string;
  style: Style;
}

/** An exercise's `demo.ts` default export: it receives the implementation module under demonstration. */
export type Demo<Impl> = (impl: Impl, context: DemoContext) => Promise<void>;

/** Runs `exercises/NN-name/demo.ts` against the implementation at `implPath`. */
export async function runDemo(root: string, manifest: ExerciseManifest, implPath: string, style: Style, print: (line: string) => void): Promise<void> {
  const file = join(root, 'exercises', manifest.dir, 'demo.ts');
  if (!existsSync(file)) throw new Error(`${manifest.id} has no demo yet (exercises/${manifest.dir}/demo.ts).`);
  const demo = (await import(pathToFileURL(file).href)).default as Demo<unknown>;
  const impl: unknown = await import(pathToFileURL(implPath).href);
  await demo(impl, {
    print: (line = '') => print(line),
    createClient: (options) => createClient({ ...options, env: process.env }),
    implPath,
    root,
    style,
  });
}
