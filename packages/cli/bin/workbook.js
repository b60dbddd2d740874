#!/usr/bin/env node
// The CLI is written in TypeScript; tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

// A reader that stops early (`pnpm -s grade --json | head`) is not an error: end quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
