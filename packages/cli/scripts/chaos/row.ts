/** One line of the chaos table: what was counted, what was measured, what is wanted, and whether it was met. */
export interface ChaosRow {
  /** The section the row belongs to: `disk`, `redis`, `lock` or `input`. */
  section: string;
  /** What was counted, e.g. "corrupt reads after 200 SIGKILLs". */
  check: string;
  /** The measured figure as printed, e.g. "0" or "412 ms". */
  measured: string;
  /** The wanted figure as printed, e.g. "0" or "≤ 1000 ms". */
  want: string;
  ok: boolean;
}

/** A chaos section: runs its attacks and returns one row per count. `log` prints progress lines. */
export type ChaosSection = (log: (line: string) => void) => Promise<ChaosRow[]>;
