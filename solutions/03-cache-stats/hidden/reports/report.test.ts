import { describe, expect, it } from 'vitest';
import { renderReport } from '@impl';
import { deepFreeze, emptyFixture, fixture, LONG_MODEL } from '../helpers/fixture.js';

const ANSI = /\u001b\[/;

describe('renderReport(snapshot)', () => {
  it('returns plain text by default: no escape codes', () => {
    const report = renderReport(fixture());
    expect(typeof report).toBe('string');
    expect(ANSI.test(report), 'colour only when a style is passed').toBe(false);
  });

  it.each([40, 60, 100])('fits every line in width %i', (width) => {
    const lines = renderReport(fixture(), { width }).split('\n');
    for (const line of lines) expect(line.length, `this line is wider than ${width}: ${JSON.stringify(line)}`).toBeLessThanOrEqual(width);
  });

  it('fits every line in the default width of 72', () => {
    for (const line of renderReport(fixture()).split('\n')) expect(line.length, JSON.stringify(line)).toBeLessThanOrEqual(72);
  });

  it('shows the hit rate as a percentage with one decimal and a bar filled in proportion', () => {
    const line = renderReport(fixture()).split('\n').find((l) => /hit rate/i.test(l) && l.includes('█'));
    expect(line, 'a line with "Hit rate" and a bar of █ and ░').toBeDefined();
    expect(line).toContain('62.5%');
    const filled = [...line!].filter((c) => c === '█').length;
    const empty = [...line!].filter((c) => c === '░').length;
    expect(filled + empty, 'the bar has at least 10 cells').toBeGreaterThanOrEqual(10);
    expect(filled, `a 62.5 % bar of ${filled + empty} cells`).toBe(Math.round(0.625 * (filled + empty)));
  });

  it('shows p50, p95, p99 and max of hits and misses, with units', () => {
    const report = renderReport(fixture());
    for (const label of ['p50', 'p95', 'p99', 'max']) expect(report).toContain(label);
    expect(report, 'the miss p50 of 480 ms').toContain('480 ms');
    expect(report, 'the miss p95 of 1234 ms, in seconds with three significant digits').toContain('1.23 s');
    expect(report, 'the hit p50 of 0.0104 ms, in microseconds').toContain('10.4 µs');
  });

  it('draws a latency histogram with a bar per row', () => {
    const lines = renderReport(fixture()).split('\n');
    expect(lines.some((l) => /histogram/i.test(l))).toBe(true);
    const bars = lines.filter((l) => l.includes('█') && !/hit rate/i.test(l));
    expect(bars.length, 'rows of █ bars besides the hit-rate bar').toBeGreaterThanOrEqual(2);
  });

  it('shows what the cache saved: calls, tokens with thousands separators, dollars with 4 decimals', () => {
    const report = renderReport(fixture());
    expect(report).toContain('12,345');
    expect(report).toContain('$0.0412');
  });

  it('lists every model, in full when the width allows', () => {
    const report = renderReport(fixture(), { width: 120 });
    expect(report).toContain('openai/gpt-4o-mini');
    expect(report).toContain(LONG_MODEL);
  });

  it('draws the recent hit rate as a sparkline: · without traffic, ▁ to █ by rate', () => {
    expect(renderReport(fixture())).toContain('·▁▅█');
  });

  it('renders an empty snapshot without NaN, undefined, Infinity or null', () => {
    const report = renderReport(emptyFixture());
    for (const word of ['NaN', 'undefined', 'Infinity', 'null']) expect(report).not.toContain(word);
    expect(report).toContain('0.0%');
  });

  it('does not modify the snapshot', () => {
    const snapshot = deepFreeze(fixture());
    expect(() => renderReport(snapshot)).not.toThrow();
    expect(snapshot).toEqual(fixture());
  });

  it('colours through the style it is given', () => {
    const mark = (t: string) => `<${t}>`;
    const report = renderReport(fixture(), { style: { bold: mark, dim: mark, ok: mark, warn: mark, bad: mark } });
    expect(report).toMatch(/<[^>]+>/);
  });

  it('rejects a width below 40 with a RangeError naming `width`', () => {
    expect(() => renderReport(fixture(), { width: 20 })).toThrow(RangeError);
    expect(() => renderReport(fixture(), { width: 20 })).toThrow(/`width`/);
  });
});
