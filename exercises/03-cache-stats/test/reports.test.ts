import { describe, expect, it } from 'vitest';
import { CacheStats, estimateBytes, renderReport, toPrometheus } from '@impl';

describe('reports (public)', () => {
  it('renders a plain report no wider than asked', () => {
    const report = renderReport(new CacheStats({ now: () => 0 }).snapshot(), { width: 60 });
    expect(report).not.toMatch(/\u001b\[/);
    expect(report).not.toContain('NaN');
    for (const line of report.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('exposes counters with HELP and TYPE lines', () => {
    const text = toPrometheus(new CacheStats({ now: () => 0 }).snapshot());
    expect(text).toContain('# TYPE llm_cache_lookups_total counter');
    expect(text).toContain('llm_cache_lookups_total{result="hit"} 0');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('estimates bytes by the documented model', () => {
    expect(estimateBytes('abc')).toBe(19);
    expect(estimateBytes({ a: 'xy' })).toBe(59);
  });
});
