import type { LatencySummary } from './histogram.js';
import type { StatsSnapshot } from './stats.js';
import type { TimelinePoint } from './window.js';

/** How to colour a report; the CLI's `ctx.style` fits. Every function returns its text with (invisible) styling. */
export interface ReportStyle {
  bold(text: string): string;
  dim(text: string): string;
  ok(text: string): string;
  warn(text: string): string;
  bad(text: string): string;
}

export interface ReportOptions {
  /** Widest line, in characters; at least 40. @default 72 */
  width?: number;
  /** First line of the report. @default 'Cache report' */
  title?: string;
  /** Colours. @default plain text, no escape codes */
  style?: ReportStyle;
}

/**
 * A terminal report of a snapshot: requests and hit rate (with a bar and a sparkline of the recent window), value
 * saved, a latency table and histograms, the per-model breakdown, cache counters and memory. Pure: it only reads
 * the snapshot and returns the text; no line is wider than `width`.
 */
export function renderReport(snapshot: StatsSnapshot, options: ReportOptions = {}): string {
  // TODO(ex3.reports): Return the report as one string (lines joined by \n), reading the snapshot and changing
  // nothing. `width` (default 72) is an integer ≥ 40, else a RangeError naming `width`; no line may be wider.
  // Plain text unless `style` is given; then the first line and the headings go through style.bold, and the hit
  // rate through style.ok from 50 %, style.warn from 20 %, style.bad below. It shows, in this order:
  // - `title` (default 'Cache report') and the span takenAtMs − sinceMs: 40 s, 3 min, 2 min 5 s; then a rule of
  //   ─ exactly `width` long (through style.dim);
  // - requests (9 total, hits, misses, errors), then a line starting `Hit rate` with the percentage, one decimal
  //   (62.5%), and a bar of █ and ░ cells (at least 10), Math.round(hitRate × cells) of them █;
  // - the recent hit rate and its window (57.1% over the last 40 s), and a sparkline of requests.recent.timeline:
  //   one character per point, '·' for a point without traffic, else '▁▂▃▄▅▆▇█'[Math.round(hitRate × 7)], keeping
  //   the newest points that fit;
  // - what was saved (5 upstream calls avoided, tokens, dollars, time: 2.5 s, or -20 ms when hits were slower)
  //   and paid (requests.misses upstream calls, tokens, dollars); tokens with thousands separators (12,345),
  //   dollars as $ and 4 decimals ($0.0412);
  // - a latency table — count, p50, p95, p99, max of hit, miss and cache op, '–' without samples, then rows
  //   '1st token hit' and '1st token miss' (time to first token) only for those with samples — durations with
  //   three significant digits in the largest unit that keeps them ≥ 1: 10.4 µs, 480 ms, 1.23 s, 1 s for
  //   999.7 ms, 0.1 ns below a nanosecond; 0 is '0 ms', and a negative duration keeps its sign;
  // - a histogram of the hit and of the miss latencies that have samples (of cache operations when there were no
  //   requests): a heading with "histogram", at most 12 rows `≤ <duration>`, each with a █ bar in proportion to
  //   the fullest row and its count;
  // - every model of value.byModel, most requests first (requests, hit rate, tokens and dollars saved), its full
  //   name when it fits;
  // - the cache's hits, misses (and its own hit rate), sets, deletes, evictions, expirations and errors, each
  //   number with its name (6 evictions), and memory when the snapshot has it: 3 entries, ~850 B below 1 KiB,
  //   then one decimal: ~4.2 KiB, ~1.5 MiB.
  // An empty snapshot must render without NaN, undefined, Infinity or null.
  throw new Error(`TODO(ex3.reports): renderReport of ${snapshot.requests.total} requests at width ${String(options.width)}`);
}
