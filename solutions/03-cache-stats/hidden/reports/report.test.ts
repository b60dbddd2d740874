import { describe, expect, it } from 'vitest';
import { renderReport } from '@impl';
import { deepFreeze, emptyFixture, fixture, LONG_MODEL } from '../helpers/fixture.js';

const ANSI = /\u001b\[/;

describe('renderReport is plain text unless given a style [ex3.reports.report-style]', () => {
  it('returns plain text by default: no escape codes', () => {
    const report = renderReport(fixture());
    expect(typeof report).toBe('string');
    expect(ANSI.test(report), 'colour only when a style is passed').toBe(false);
  });

  it('colours through the style it is given', () => {
    const mark = (t: string) => `<${t}>`;
    const report = renderReport(fixture(), { style: { bold: mark, dim: mark, ok: mark, warn: mark, bad: mark } });
    expect(report, 'the report must call the style functions it was given').toMatch(/<[^>]+>/);
  });
});

describe('no line of the report is wider than width [ex3.reports.report-width]', () => {
  it.each([40, 60, 100])('fits every line in width %i', (width) => {
    const lines = renderReport(fixture(), { width }).split('\n');
    for (const line of lines) expect(line.length, `this line is wider than ${width}: ${JSON.stringify(line)}`).toBeLessThanOrEqual(width);
  });

  it('fits every line in the default width of 72', () => {
    for (const line of renderReport(fixture()).split('\n')) expect(line.length, JSON.stringify(line)).toBeLessThanOrEqual(72);
  });

  it.each([20, 39, 50.5])('rejects a width of %d with a RangeError naming `width`', (width) => {
    expect(() => renderReport(fixture(), { width })).toThrow(RangeError);
    expect(() => renderReport(fixture(), { width })).toThrow(/`width`/);
  });
});

describe('renderReport changes nothing in the snapshot [ex3.reports.report-pure]', () => {
  it('does not modify the snapshot', () => {
    const snapshot = deepFreeze(fixture());
    expect(() => renderReport(snapshot), 'the snapshot is frozen: writing to it throws').not.toThrow();
    expect(snapshot).toEqual(fixture());
  });
});

describe('the Hit rate line shows a percentage and a proportional bar [ex3.reports.report-hit-rate]', () => {
  const hitRateLine = (report: string) => report.split('\n').find((l) => l.startsWith('Hit rate'));

  it.each([40, 72, 100])('shows the hit rate as a percentage with one decimal and a bar filled in proportion at width %i', (width) => {
    const line = hitRateLine(renderReport(fixture(), { width }));
    expect(line, 'a line that starts with "Hit rate"').toBeDefined();
    expect(line).toContain('62.5%');
    const filled = [...line!].filter((c) => c === '█').length;
    const empty = [...line!].filter((c) => c === '░').length;
    expect(filled + empty, 'the bar has at least 10 cells').toBeGreaterThanOrEqual(10);
    expect(filled, `a 62.5 % bar of ${filled + empty} cells`).toBe(Math.round(0.625 * (filled + empty)));
  });

  it('fills the whole bar at 100 % and none of it at 0 %', () => {
    const full = fixture();
    full.requests.hitRate = 1;
    expect(hitRateLine(renderReport(full))).toContain('100.0%');
    expect(hitRateLine(renderReport(full)), 'no empty cell at 100 %').not.toContain('░');
    expect(hitRateLine(renderReport(emptyFixture())), 'no filled cell at 0 %').not.toContain('█');
  });
});

describe('the recent hit rate is drawn as a sparkline [ex3.reports.report-sparkline]', () => {
  it('draws the recent hit rate as a sparkline: · without traffic, ▁ to █ by rate', () => {
    expect(renderReport(fixture())).toContain('·▁▅█');
  });

  it('shows the newest points when there are more than fit', () => {
    const snapshot = fixture();
    const timeline = Array.from({ length: 100 }, (_, i) => ({ startMs: i * 10_000, hits: 0, misses: 0, hitRate: 0 }));
    timeline[0] = { startMs: 0, hits: 0, misses: 1, hitRate: 0 };
    timeline[99] = { startMs: 990_000, hits: 1, misses: 0, hitRate: 1 };
    snapshot.requests.recent = { ...snapshot.requests.recent, windowMs: 1_000_000, timeline };
    const report = renderReport(snapshot, { width: 40 });
    expect(report, 'the newest point, a hit, ends the sparkline').toContain('··█');
    expect(report, 'the oldest point does not fit in 40 columns').not.toContain('▁');
  });
});

describe('the report shows what was saved and what was paid [ex3.reports.report-value]', () => {
  it('shows what the cache saved: tokens with thousands separators, dollars with 4 decimals', () => {
    const report = renderReport(fixture());
    expect(report, 'tokens saved, 12345, with a thousands separator').toContain('12,345');
    expect(report, 'dollars saved, 0.0412, with 4 decimals').toContain('$0.0412');
  });

  it('shows what the misses paid', () => {
    const report = renderReport(fixture());
    expect(report, 'tokens paid, 2000').toContain('2,000');
    expect(report, 'dollars paid, 0.02').toContain('$0.0200');
  });
});

describe('the latency table shows p50, p95, p99 and max with units [ex3.reports.report-latency]', () => {
  it('shows p50, p95, p99 and max of hits and misses, with units', () => {
    const report = renderReport(fixture());
    for (const label of ['p50', 'p95', 'p99', 'max']) expect(report).toContain(label);
    expect(report, 'the miss p50 of 480 ms').toContain('480 ms');
    expect(report, 'the miss p95 of 1234 ms, in seconds with three significant digits').toContain('1.23 s');
    expect(report, 'the hit p50 of 0.0104 ms, in microseconds').toContain('10.4 µs');
  });

  it('shows a duration below a microsecond in ns', () => {
    const snapshot = fixture();
    snapshot.latency.hit.p50Ms = 0.000_25;
    expect(renderReport(snapshot), '0.00025 ms').toContain('250 ns');
  });
});

describe('the report draws a latency histogram [ex3.reports.report-histogram]', () => {
  it('draws a latency histogram with a bar per row', () => {
    const lines = renderReport(fixture()).split('\n');
    const heading = lines.findIndex((l) => /histogram/i.test(l));
    expect(heading, 'a heading containing "histogram"').toBeGreaterThanOrEqual(0);
    const rows = lines.slice(heading + 1).filter((l) => /\d/.test(l) && l.includes('█'));
    expect(rows.length, 'rows of latency ranges with █ bars below the heading').toBeGreaterThanOrEqual(2);
  });
});

describe('the report lists every model [ex3.reports.report-models]', () => {
  it('lists every model, in full when the width allows', () => {
    const report = renderReport(fixture(), { width: 120 });
    expect(report).toContain('openai/gpt-4o-mini');
    expect(report, 'the 66-character name fits whole at width 120').toContain(LONG_MODEL);
  });
});

describe('the report shows the cache counters and memory [ex3.reports.report-counters]', () => {
  it('shows each cache counter with its name', () => {
    const report = renderReport(fixture());
    expect(report).toContain('6 evictions');
    expect(report).toContain('4 expirations');
  });

  it('shows the memory entries when the snapshot has memory, and none without', () => {
    expect(renderReport(fixture())).toContain('3 entries');
    expect(renderReport({ ...fixture(), memory: null })).not.toContain('entries');
  });
});

describe('an empty snapshot renders cleanly [ex3.reports.report-empty]', () => {
  it('renders an empty snapshot without NaN, undefined, Infinity or null', () => {
    const report = renderReport(emptyFixture());
    for (const word of ['NaN', 'undefined', 'Infinity', 'null']) expect(report).not.toContain(word);
    expect(report).toContain('0.0%');
  });
});
