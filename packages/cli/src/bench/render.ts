import { PLAIN, type Style } from '../render/style.js';
import type { BenchResult, BenchSuite, BenchTarget } from './types.js';

const num = new Intl.NumberFormat('en-US');

/** What a suite's ratios are relative to, under its table in the terminal and in the appendix. */
export function ratioNote(suite: BenchSuite): string {
  return `ratios against ${suite.baseline} unless the task says otherwise`;
}

/**
 * A table per suite: ops/s, the ratio to the baseline, and whether each declared target is met. A row that threw
 * shows its error where the figures would be; a skipped suite says why in one line.
 */
export function renderBench(suite: BenchSuite, results: BenchResult[], style: Style = PLAIN): string {
  if (suite.skip !== undefined) return `${style.bold(suite.suite)}: ${style.warn(`skipped: ${suite.skip}`)}`;
  const rows = results.filter((r) => r.suite === suite.suite);
  const header = ['task', 'contender', 'ops/s', 'ratio', 'target'];
  const body = rows.map((r) => {
    if (r.error !== undefined) return [r.task, r.contender, style.bad(`✖ ${r.error}`)];
    const target = findTarget(suite, r);
    const verdict = target ? `${targetText(target)} ${missed(target, r) ? style.bad('✖') : style.ok('✔')}` : '';
    return [r.task, r.contender, formatOps(r.opsPerSec), formatRatio(r.ratio), verdict];
  });
  // Error rows span the figures' columns, so they do not widen them.
  const measuredRows = body.filter((row) => row.length === header.length);
  const widths = header.map((h, i) => Math.max(h.length, ...(i < 2 ? body : measuredRows).map((row) => stripAnsi(row[i]!).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && cells.length < header.length ? c : i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]! + c.length - stripAnsi(c).length)))
      .join('  ')
      .trimEnd();
  return [style.bold(`${suite.suite} (${ratioNote(suite)})`), `  ${line(header)}`, ...body.map((row) => `  ${line(row)}`)].join('\n');
}

/** Targets that the run did not meet, as sentences; a contender that threw has its own row and is not listed. */
export function missedTargets(suite: BenchSuite, results: BenchResult[]): string[] {
  return (suite.targets ?? []).flatMap((target) => {
    const row = results.find((r) => r.suite === suite.suite && r.task === target.task && r.contender === target.contender);
    return row && missed(target, row) ? [`${suite.suite}/${target.task}: ${target.contender} ran ${formatRatio(row.ratio)} (${formatOps(row.opsPerSec)} ops/s), target ${targetText(target)}`] : [];
  });
}

export function findTarget(suite: BenchSuite, row: BenchResult): BenchTarget | undefined {
  return suite.targets?.find((t) => t.task === row.task && t.contender === row.contender);
}

/** Whether a measured row falls short of its target; a ratio that could not be computed is not judged. */
export function missed(target: BenchTarget, row: BenchResult): boolean {
  return (target.minRatio !== undefined && row.ratio !== null && row.ratio < target.minRatio) || (target.minOpsPerSec !== undefined && row.opsPerSec !== null && row.opsPerSec < target.minOpsPerSec);
}

export function targetText(target: BenchTarget): string {
  const parts = [...(target.minRatio !== undefined ? [`≥ ${target.minRatio.toFixed(2)}×`] : []), ...(target.minOpsPerSec !== undefined ? [`≥ ${num.format(target.minOpsPerSec)} ops/s`] : [])];
  return parts.join(', ');
}

export const formatOps = (ops: number | null): string => (ops === null ? '—' : num.format(ops));
export const formatRatio = (ratio: number | null): string => (ratio === null ? '—' : `${ratio.toFixed(2)}×`);

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
