// The grading worker's entry. vitest is loaded first, natively: loaded through tsx's hooks it costs several times
// the CPU. tsx is registered only afterwards, for the worker's own TypeScript.
import 'vitest/node';
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
