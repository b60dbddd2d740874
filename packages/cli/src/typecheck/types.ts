/** One type error in the code under test, as tsc would print it. */
export interface TypeProblem {
  /** Absolute path of the file. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (as tsc and editors count). */
  column: number;
  /** `TS2322` and the like. */
  code: string;
  /** The whole message chain flattened into one plain-text paragraph. */
  message: string;
}

/** A checker for one exercise's source folder. Reuses its previous program so re-checks after a save are fast. */
export interface TypeChecker {
  check(): TypeProblem[];
}

export interface TypeCheckerOptions {
  /** The repository root: holds tsconfig.base.json and node_modules. */
  root: string;
  /** Absolute path of the code under test, inside the checkout or anywhere else. */
  srcDir: string;
  /** Where to keep the last result between processes, e.g. `<root>/.workbook/tsbuildinfo/ex1.json`. */
  cacheFile?: string;
}
