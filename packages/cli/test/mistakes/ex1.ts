import type { Mistake } from './mistake.js';

export const mistakes: Mistake[] = [
  {
    id: 'ttl-off-by-one',
    task: 'ttl-cache',
    what: 'an entry counts as expired only after now() passes expiresAt, so it lives one millisecond too long',
    edits: [{ file: 'ttl-cache.ts', find: 'entry.expiresAt !== Infinity && entry.expiresAt <= this.#now()', replace: 'entry.expiresAt !== Infinity && entry.expiresAt < this.#now()' }],
  },
];
