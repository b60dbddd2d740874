import { PLAIN, type Style } from '../render/style.js';
import type { BenchResult, BenchSuite, BenchTarget } from './types.js';

const num = new Intl.NumberFormat('en-US');

/** A table per suite: ops/s, the ratio to the baseline, and whether each declared target is met. */
export function renderBench(suite: BenchSuite, results: BenchResult[], style: Style = PLAIN): string {
  const rows = results.filter((r) => r.suite === suite.suite);
  const header = ['task', 'contender', 'ops/s', 'ratio', 'target'];
  const body = rows.map((r) => {
    const target = suite.targets?.find((t) => t.task === r.task && t.contender === r.contender);
    const verdict = target ? `${targetText(target)} ${missed(target, r) ? style.bad('✖') : style.ok('✔')}` : '';
    return [r.task, r.contender, num.format(r.opsPerSec), `${r.ratio.toFixed(2)}×`, verdict];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => stripAnsi(row[i]!).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]! + c.length - stripAnsi(c).length))).join('  ').trimEnd();
  return [style.bold(`${suite.suite} (ratios against ${suite.baseline} unless the task says otherwise)`), `  ${line(header)}`, ...body.map((row) => `  ${line(row)}`)].join('\n');
}

/** Targets that the run did not meet, as sentences. */
export function missedTargets(suite: BenchSuite, results: BenchResult[]): string[] {
  return (suite.targets ?? []).flatMap((target) => {
    const row = results.find((r) => r.suite === suite.suite && r.task === target.task && r.contender === target.contender);
    return row && missed(target, row) ? [`${suite.suite}/${target.task}: ${target.contender} ran ${row.ratio}× (${num.format(row.opsPerSec)} ops/s), target ${targetText(target)}`] : [];
  });
}

function missed(target: BenchTarget, row: BenchResult): boolean {
  return (target.minRatio !== undefined && row.ratio < target.minRatio) || (target.minOpsPerSec !== undefined && row.opsPerSec < target.minOpsPerSec);
}

function targetText(target: BenchTarget): string {
  const parts = [...(target.minRatio !== undefined ? [`≥ ${target.minRatio.toFixed(2)}×`] : []), ...(target.minOpsPerSec !== undefined ? [`≥ ${num.format(target.minOpsPerSec)} ops/s`] : [])];
  return parts.join(', ');
}

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
