import type { Mistake } from './mistake.js';

export const mistakes: Mistake[] = [];
