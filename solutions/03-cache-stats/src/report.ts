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

const PLAIN: ReportStyle = { bold: (t) => t, dim: (t) => t, ok: (t) => t, warn: (t) => t, bad: (t) => t };
const LABEL = 13;
const BAR_CELLS = 30;
const SPARKS = '▁▂▃▄▅▆▇█';
const HISTOGRAM_ROWS = 12;
const ROWS_PER_DOUBLING = 4;
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A terminal report of a snapshot: requests and hit rate (with a bar and a sparkline of the recent window), value
 * saved, a latency table and histograms, the per-model breakdown, cache counters and memory. Pure: it only reads
 * the snapshot and returns the text; no line is wider than `width`.
 */
export function renderReport(snapshot: StatsSnapshot, options: ReportOptions = {}): string {
  const { width = 72, title = 'Cache report', style = PLAIN } = options;
  if (!Number.isInteger(width) || width < 40) throw new RangeError(`\`width\` must be an integer of at least 40, got ${width}`);
  const { requests, value, latency, cache, memory } = snapshot;
  const lines: string[] = [];
  const blank = () => lines.push('');
  const heading = (text: string) => lines.push(style.bold(fit(text, width)));
  const field = (label: string, items: string[]) => lines.push(...wrap(label, items, width));

  heading(`${title} · ${formatSpan(snapshot.takenAtMs - snapshot.sinceMs)} of traffic`);
  lines.push(style.dim('─'.repeat(width)));
  field('Requests', [`${int.format(requests.total)} total`, `${int.format(requests.hits)} hits`, `${int.format(requests.misses)} misses`, `${int.format(requests.errors)} errors`]);
  const rateText = percent(requests.hitRate);
  const paintRate = requests.hitRate >= 0.5 ? style.ok : requests.hitRate >= 0.2 ? style.warn : style.bad;
  const cells = Math.max(10, Math.min(BAR_CELLS, width - LABEL - rateText.length - 3));
  const filled = Math.round(requests.hitRate * cells);
  lines.push(`${'Hit rate'.padEnd(LABEL)}${paintRate(rateText)} [${'█'.repeat(filled)}${'░'.repeat(cells - filled)}]`);
  const recent = requests.recent;
  field('Recent', [`${percent(recent.hitRate)} over the last ${formatSpan(recent.windowMs)}`]);
  lines.push(`${' '.repeat(LABEL)}${sparkline(recent.timeline, width - LABEL)}`);
  field('Saved', [
    `${int.format(value.callsAvoided)} upstream calls`,
    `${int.format(value.tokensSaved)} tokens`,
    usd(value.costSavedUsd),
    `${formatMs(value.timeSavedMs)} of waiting`,
  ]);
  field('Paid', [`${int.format(requests.misses)} upstream calls`, `${int.format(value.tokensPaid)} tokens`, usd(value.costPaidUsd)]);

  blank();
  heading('Latency');
  const distributions: [string, LatencySummary][] = [
    ['hit', latency.hit],
    ['miss', latency.miss],
    ['cache op', latency.operation],
  ];
  // Time to first token only when something was streamed: a report of chat() traffic stays as it was.
  const firstTokens: [string, LatencySummary][] = [
    ['1st token hit', latency.firstTokenHit],
    ['1st token miss', latency.firstTokenMiss],
  ];
  const rows = [...distributions, ...firstTokens.filter(([, d]) => d.count > 0)];
  lines.push(
    ...table(
      ['', 'count', 'p50', 'p95', 'p99', 'max'],
      rows.map(([name, d]) => [name, int.format(d.count), ...[d.p50Ms, d.p95Ms, d.p99Ms, d.maxMs].map((ms) => (d.count === 0 ? '–' : formatMs(ms)))]),
      width,
    ),
  );
  const charted = distributions.filter(([name, d]) => d.count > 0 && (name !== 'cache op' || requests.total === 0));
  for (const [name, d] of charted) {
    blank();
    heading(`${name[0]!.toUpperCase()}${name.slice(1)} latency histogram`);
    lines.push(...histogram(d, width));
  }

  const models = Object.entries(value.byModel).sort(([, a], [, b]) => b.requests - a.requests);
  if (models.length > 0) {
    blank();
    heading('By model');
    lines.push(
      ...table(
        ['model', 'requests', 'hit rate', 'tokens saved', 'saved'],
        models.map(([model, v]) => [model, int.format(v.requests), percent(v.hitRate), int.format(v.tokensSaved), usd(v.costSavedUsd)]),
        width,
      ),
    );
  }

  blank();
  field('Cache', [
    `${int.format(cache.hits)} hits`,
    `${int.format(cache.misses)} misses (${percent(cache.hitRate)})`,
    `${int.format(cache.sets)} sets`,
    `${int.format(cache.deletes)} deletes`,
    `${int.format(cache.evictions)} evictions`,
    `${int.format(cache.expirations)} expirations`,
    `${int.format(cache.errors)} errors`,
  ]);
  if (memory !== null) field('Memory', [`${int.format(memory.entries)} entries`, `~${formatBytes(memory.bytes)}`]);
  return lines.join('\n');
}

/** A duration with three significant digits: `10.4 µs`, `480 ms`, `1.23 s`; `ns` below a microsecond. */
function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms === 0) return '0 ms';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const units: [number, string][] = [
    [1e-6, 'ns'],
    [1e-3, 'µs'],
    [1, 'ms'],
    [1e3, 's'],
  ];
  // Pick the largest unit in which the rounded value is at least 1, so 999.7 ms reads 1 s, not 1000 ms.
  for (let i = units.length - 1; i >= 0; i--) {
    const [size, unit] = units[i]!;
    const rounded = Number((abs / size).toPrecision(3));
    if (rounded >= 1 || i === 0) return `${sign}${rounded} ${unit}`;
  }
  return '0 ms';
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function usd(amount: number): string {
  return `$${amount.toFixed(4)}`;
}

function formatSpan(ms: number): string {
  if (!(ms >= 60_000)) return formatMs(Math.max(0, ms));
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${int.format(bytes)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** One character per bucket, newest last: `·` without traffic, else ▁…█ by hit rate; the newest that fit. */
function sparkline(timeline: TimelinePoint[], room: number): string {
  return timeline
    .slice(-room)
    .map((point) => (point.hits + point.misses === 0 ? '·' : SPARKS[Math.round(point.hitRate * (SPARKS.length - 1))]))
    .join('');
}

/** `label` then the items joined by ` · `, wrapped under the label so no line is wider than `width`. */
function wrap(label: string, items: string[], width: number): string[] {
  const room = width - LABEL;
  const lines: string[] = [];
  let current = '';
  for (const item of items.map((text) => fit(text, room))) {
    if (current !== '' && current.length + 3 + item.length > room) {
      lines.push(current);
      current = item;
    } else {
      current = current === '' ? item : `${current} · ${item}`;
    }
  }
  lines.push(current);
  return lines.map((line, i) => `${(i === 0 ? label : '').padEnd(LABEL)}${line}`.trimEnd());
}

/** Columns when they fit in `width`; otherwise one block per row, `header value` pairs wrapped. */
function table(headers: string[], rows: string[][], width: number): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const first = Math.min(widths[0]!, Math.max(8, width - 2 - widths.slice(1).reduce((sum, w) => sum + w + 2, 0)));
  const total = 2 + first + widths.slice(1).reduce((sum, w) => sum + w + 2, 0);
  if (total <= width) {
    const line = (cells: string[]) =>
      `  ${cells.map((cell, i) => (i === 0 ? fit(cell, first).padEnd(first) : cell.padStart(widths[i]!))).join('  ')}`.trimEnd();
    return [line(headers), ...rows.map(line)];
  }
  return rows.flatMap((row) => [
    `  ${fit(row[0]!, width - 2)}`.trimEnd(),
    ...wrap('', row.slice(1).map((cell, i) => `${headers[i + 1]} ${cell}`), width),
  ]);
}

/**
 * Rows of a latency histogram: four rows per doubling of latency (bounds 2^(k/4) ms, which are bucket bounds of
 * LatencyHistogram too), merged further until there are at most 12, each with a bar scaled to the fullest row.
 */
function histogram(summary: LatencySummary, width: number): string[] {
  const byStep = new Map<number, number>();
  for (const bucket of summary.buckets) {
    const step = Math.ceil(Math.log2(bucket.leMs) * ROWS_PER_DOUBLING - 1e-9);
    byStep.set(step, (byStep.get(step) ?? 0) + bucket.count);
  }
  const steps = [...byStep.keys()];
  const low = Math.min(...steps);
  const high = Math.max(...steps);
  const merge = Math.max(1, Math.ceil((high - low + 1) / HISTOGRAM_ROWS));
  const rows: [string, number][] = [];
  for (let top = low + merge - 1; top - merge < high; top += merge) {
    let count = 0;
    for (let step = top - merge + 1; step <= top; step++) count += byStep.get(step) ?? 0;
    rows.push([`≤ ${formatMs(2 ** (top / ROWS_PER_DOUBLING))}`, count]);
  }
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const countWidth = Math.max(...rows.map(([, count]) => int.format(count).length));
  const room = Math.min(40, width - 2 - labelWidth - 2 - 2 - countWidth);
  const most = Math.max(...rows.map(([, count]) => count));
  return rows.map(([label, count]) => {
    const cells = count === 0 ? 0 : Math.max(1, Math.round((count / most) * room));
    return `  ${label.padStart(labelWidth)}  ${'█'.repeat(cells).padEnd(room)}  ${int.format(count).padStart(countWidth)}`;
  });
}

function fit(text: string, room: number): string {
  return text.length <= room ? text : `${text.slice(0, Math.max(0, room - 1))}…`;
}
