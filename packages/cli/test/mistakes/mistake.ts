/**
 * A classic mistake: a small change to a copy of a reference solution that students really make. The mistakes suite
 * grades each one and asserts it loses points in its own task and keeps full marks everywhere else.
 */
export interface Mistake {
  /** Short kebab-case name, unique within the exercise, e.g. `ttl-off-by-one`. */
  id: string;
  /** The manifest task whose hidden tests must catch it. */
  task: string;
  /** The mistake as a student would describe what they did, in one sentence. */
  what: string;
  /**
   * Tasks whose rules are defined on the mistake's code, so they rightly lose points too (a batch `getMany` is `get`
   * for many keys), each with the reason. Any other task must keep full marks.
   */
  alsoIn?: { task: string; why: string }[];
  /** Replacements in the solution's `src/` files; each `find` must occur exactly once in its file. */
  edits: Edit[];
}

export interface Edit {
  /** A file under the solution's `src/`, e.g. `ttl-cache.ts`. */
  file: string;
  find: string;
  replace: string;
}
