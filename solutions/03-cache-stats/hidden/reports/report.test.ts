import { describe, expect, it } from 'vitest';
import { renderReport } from '@impl';
import { deepFreeze, emptyFixture, fixture, LONG_MODEL } from '../helpers/fixture.js';

const ANSI = /\u001b\[/;
const tag = (name: string) => (text: string) => `<${name}>${text}</${name}>`;
const tags = { bold: tag('b'), dim: tag('d'), ok: tag('ok'), warn: tag('warn'), bad: tag('bad') };

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

  it('puts the first line and the headings in bold', () => {
    const lines = renderReport(fixture(), { style: tags }).split('\n');
    expect(lines[0], 'the first line, through style.bold').toMatch(/^<b>.*<\/b>$/);
    expect(lines.filter((l) => l.startsWith('<b>')).length, 'the first line and at least two headings in bold').toBeGreaterThanOrEqual(3);
  });

  it.each([
    [0.625, 'ok'],
    [0.5, 'ok'],
    [0.3, 'warn'],
    [0.2, 'warn'],
    [0.19, 'bad'],
    [0, 'bad'],
  ])('paints a hit rate of %d with style.%s', (rate, name) => {
    const snapshot = fixture();
    snapshot.requests.hitRate = rate;
    const line = renderReport(snapshot, { style: tags })
      .split('\n')
      .find((l) => l.includes('Hit rate'));
    const text = `${(rate * 100).toFixed(1)}%`;
    expect(line, `the hit rate ${text} painted with style.${name}`).toContain(`<${name}>${text}</${name}>`);
  });
});

describe('no line of the report is wider than width [ex3.reports.report-width]', () => {
  it.each([40, 60, 100])('fits every line in width %i', (width) => {
    const lines = renderReport(fixture(), { width }).split('\n');
    for (const line of lines) expect(line.length, `this line is wider than ${width}: ${JSON.stringify(line)}`).toBeLessThanOrEqual(width);
  });

  it('fits a long title in width 40', () => {
    for (const line of renderReport(fixture(), { width: 40, title: 'A report title far too long for forty columns of terminal' }).split('\n')) {
      expect(line.length, JSON.stringify(line)).toBeLessThanOrEqual(40);
    }
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

describe('the report starts with its title and the time it covers [ex3.reports.report-title]', () => {
  it('starts with the default title and the span of the snapshot', () => {
    const first = renderReport(fixture()).split('\n')[0]!;
    expect(first, 'the default title').toContain('Cache report');
    expect(first, 'takenAtMs − sinceMs = 180 000 ms').toContain('3 min');
  });

  it('draws a rule of ─ across the full width under the first line, dim with a style', () => {
    expect(renderReport(fixture(), { width: 60 }).split('\n')[1]).toBe('─'.repeat(60));
    expect(renderReport(fixture(), { style: tags }).split('\n')[1]).toBe(`<d>${'─'.repeat(72)}</d>`);
  });

  it('uses the title it is given', () => {
    expect(renderReport(fixture(), { title: 'Nightly run' }).split('\n')[0]).toContain('Nightly run');
  });

  it.each([
    [125_000, '2 min 5 s'],
    [120_000, '2 min'],
    [60_000, '1 min'],
    [40_000, '40 s'],
    [999, '999 ms'],
  ])('writes a span of %i ms as %s', (span, text) => {
    const snapshot = fixture();
    snapshot.sinceMs = snapshot.takenAtMs - span;
    expect(renderReport(snapshot).split('\n')[0]).toContain(text);
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

  it('shows the recent hit rate with its window', () => {
    const line = renderReport(fixture())
      .split('\n')
      .find((l) => l.includes('57.1%'));
    expect(line, 'a line with the recent hit rate, 4 / 7 = 57.1%').toBeDefined();
    expect(line, 'and the window it covers, 40 s').toContain('40 s');
  });

  it('shows the newest points when there are more than fit', () => {
    const snapshot = fixture();
    const timeline = Array.from({ length: 100 }, (_, i) => ({ startMs: i * 10_000, hits: 0, misses: 0, hitRate: 0 }));
    timeline[0] = { startMs: 0, hits: 0, misses: 1, hitRate: 0 };
    timeline[99] = { startMs: 990_000, hits: 1, misses: 0, hitRate: 1 };
    snapshot.requests.recent = { ...snapshot.requests.recent, windowMs: 1_000_000, timeline };
    const report = renderReport(snapshot, { width: 40 });
    for (const line of report.split('\n')) expect(line.length, `wider than 40: ${JSON.stringify(line)}`).toBeLessThanOrEqual(40);
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

  it('shows the upstream calls avoided and the upstream calls paid', () => {
    const report = renderReport(fixture());
    expect(report, 'value.callsAvoided').toContain('5 upstream calls');
    expect(report, 'requests.misses').toContain('3 upstream calls');
  });

  it('shows the time saved as a duration, with its sign', () => {
    expect(renderReport(fixture()), 'timeSavedMs 2500').toContain('2.5 s');
    const slower = fixture();
    slower.value.timeSavedMs = -20;
    expect(renderReport(slower), 'timeSavedMs -20').toContain('-20 ms');
    expect(renderReport(emptyFixture()), 'no time saved is 0 ms').toContain('0 ms');
    expect(renderReport(emptyFixture()), 'no time saved is 0 ms, not 0 ns').not.toContain('0 ns');
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

  it('moves to the next unit when three digits round up to it: 999.7 ms is 1 s', () => {
    const snapshot = fixture();
    snapshot.latency.miss.p50Ms = 999.7;
    expect(renderReport(snapshot)).toMatch(/(^|\s)1 s(\s|$)/m);
    expect(renderReport(snapshot)).not.toContain('1000 ms');
  });

  it('keeps ns for a duration below a nanosecond', () => {
    const snapshot = fixture();
    snapshot.latency.hit.p50Ms = 1e-7;
    expect(renderReport(snapshot), '0.0000001 ms').toContain('0.1 ns');
  });

  it('adds rows for time to first token only when streams were timed', () => {
    const plain = renderReport(fixture());
    expect(plain, 'no streamed request: no first-token rows').not.toMatch(/1st token/);
    const streamed = fixture();
    streamed.latency.firstTokenMiss = { ...streamed.latency.miss, p50Ms: 250 };
    const rows = renderReport(streamed).split('\n').filter((l) => l.includes('1st token'));
    expect(rows.length, 'one row, for the misses that were streamed').toBe(1);
    expect(rows[0], 'its p50 of 250 ms').toMatch(/1st token miss.*250 ms/);
  });

  it('labels the time to first token of streamed hits `1st token hit`', () => {
    const streamed = fixture();
    streamed.latency.firstTokenHit = { ...streamed.latency.hit, p50Ms: 0.5 };
    const rows = renderReport(streamed).split('\n').filter((l) => l.includes('1st token'));
    expect(rows.length, 'one row, for the hits that were streamed').toBe(1);
    expect(rows[0], 'its p50 of 0.5 ms').toMatch(/1st token hit.*500 µs/);
  });

  it('shows – instead of numbers for a distribution without samples', () => {
    const lines = renderReport(emptyFixture()).split('\n');
    expect(lines.some((l) => l.includes('–')), 'no samples: – for p50, p95, p99 and max').toBe(true);
  });
});

/** The rows under the first heading that matches `heading`: lines up to the next blank one. */
function rowsUnder(report: string, heading: RegExp): string[] {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** A snapshot whose only latency samples are hits, in buckets from 2^-10 ms to 2^13 ms. */
function wideHits() {
  const snapshot = fixture();
  const buckets = Array.from({ length: 24 }, (_, i) => ({ leMs: 2 ** (i - 10), count: i % 5 }));
  const count = buckets.reduce((sum, b) => sum + b.count, 0);
  snapshot.latency.hit = { ...snapshot.latency.hit, count, minMs: 2 ** -11, maxMs: 2 ** 13, buckets: buckets.filter((b) => b.count > 0) };
  snapshot.latency.miss = { count: 0, sumMs: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, buckets: [] };
  return { snapshot, count };
}

describe('the report draws a latency histogram [ex3.reports.report-histogram]', () => {
  it('draws at most 12 rows whose counts add up to the distribution\'s', () => {
    const { snapshot, count } = wideHits();
    const rows = rowsUnder(renderReport(snapshot), /histogram/i).filter((l) => l.includes('≤'));
    expect(rows.length, 'rows under the histogram heading').toBeGreaterThanOrEqual(2);
    expect(rows.length, 'at most 12 rows').toBeLessThanOrEqual(12);
    const total = rows.map((l) => Number(/(\d[\d,]*)\s*$/.exec(l)?.[1]?.replace(/,/g, '') ?? Number.NaN)).reduce((a, b) => a + b, 0);
    expect(total, 'each row ends with its count; together they count every sample').toBe(count);
  });

  it('draws the longest bar for the fullest row and none for an empty one', () => {
    const rows = rowsUnder(renderReport(fixture()), /miss.*histogram/i).filter((l) => l.includes('≤'));
    const bar = (l: string) => [...l].filter((c) => c === '█').length;
    const countOf = (l: string) => Number(/(\d+)\s*$/.exec(l)?.[1]);
    const fullest = Math.max(...rows.map(countOf));
    for (const row of rows) {
      if (countOf(row) === 0) expect(bar(row), `an empty row has no bar: ${row}`).toBe(0);
      if (countOf(row) === fullest) expect(bar(row), `the fullest row has the longest bar: ${row}`).toBe(Math.max(...rows.map(bar)));
    }
    const hit = rowsUnder(renderReport(fixture()), /hit.*histogram/i).filter((l) => l.includes('≤'));
    const ones = hit.filter((l) => countOf(l) === 1).map(bar);
    const threes = hit.filter((l) => countOf(l) === 3).map(bar);
    expect(ones.length > 0 && threes.length > 0).toBe(true);
    expect(Math.abs(ones[0]! * 3 - threes[0]!), 'a row of 1 has a third of the bar of a row of 3, give or take rounding').toBeLessThanOrEqual(3);
  });

  it('charts cache operations only when there were no requests', () => {
    const busy = fixture();
    busy.latency.operation = { ...busy.latency.hit };
    const headings = (report: string) => report.split('\n').filter((l) => /histogram/i.test(l)).length;
    expect(headings(renderReport(busy)), 'hits and misses are charted, cache operations not').toBe(2);
    const cacheOnly = fixture();
    cacheOnly.requests = { ...cacheOnly.requests, total: 0, hits: 0, misses: 0, errors: 0, hitRate: 0 };
    cacheOnly.latency = { ...busy.latency, hit: busy.latency.miss, miss: busy.latency.miss, operation: busy.latency.hit };
    cacheOnly.latency.hit = { count: 0, sumMs: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, buckets: [] };
    cacheOnly.latency.miss = cacheOnly.latency.hit;
    expect(headings(renderReport(cacheOnly)), 'without requests, the cache operations are charted').toBe(1);
  });

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

  it('shows each model with its requests, hit rate, tokens and dollars saved', () => {
    const line = renderReport(fixture(), { width: 120 })
      .split('\n')
      .find((l) => l.includes(LONG_MODEL));
    for (const text of ['2', '50.0%', '2,345', '$0.0012']) expect(line, `the row of ${LONG_MODEL} shows ${text}`).toContain(text);
  });

  it('lists the model with the most requests first', () => {
    const snapshot = fixture();
    const { [LONG_MODEL]: long, ...rest } = snapshot.value.byModel;
    snapshot.value.byModel = { [LONG_MODEL]: long!, ...rest };
    const report = renderReport(snapshot, { width: 120 });
    expect(report.indexOf('openai/gpt-4o-mini'), 'openai/gpt-4o-mini (6 requests) before the model with 2').toBeLessThan(report.indexOf(LONG_MODEL));
  });
});

describe('the report shows the cache counters and memory [ex3.reports.report-counters]', () => {
  it('shows the requests and each cache counter with its name', () => {
    const report = renderReport(fixture());
    expect(report).toContain('9 total');
    expect(report).toContain('6 evictions');
    expect(report).toContain('4 expirations');
  });

  it('shows each request and cache count by its own name', () => {
    const snapshot = fixture();
    snapshot.requests = { ...snapshot.requests, total: 31, hits: 7, misses: 11, errors: 13 };
    snapshot.cache = { hits: 17, misses: 19, hitRate: 0.4, sets: 23, has: 0, deletes: 29, clears: 0, expirations: 41, evictions: 37, errors: 43 };
    const report = renderReport(snapshot);
    for (const text of ['31 total', '7 hits', '11 misses', '13 errors', '17 hits', '19 misses', '23 sets', '29 deletes', '37 evictions', '41 expirations', '43 errors', '40.0%']) {
      expect(report, `the report shows ${text}`).toContain(text);
    }
  });

  it.each([
    [850, '~850 B'],
    [1_023, '~1,023 B'],
    [1_024, '~1.0 KiB'],
    [4_321, '~4.2 KiB'],
    [1024 * 1024, '~1.0 MiB'],
    [1.5 * 1024 * 1024, '~1.5 MiB'],
  ])('shows %i bytes of memory as %s', (bytes, text) => {
    const snapshot = fixture();
    snapshot.memory = { entries: 3, bytes };
    expect(renderReport(snapshot)).toContain(text);
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
