// Timing and the table the benchmark prints. Medians and 95th percentiles, never means:
// one slow outlier (a page fault, a GC) should not move the headline figure.

export interface Summary {
  count: number;
  median: number;
  p95: number;
}

export interface Figure extends Summary {
  label: string;
  /** This figure's median over its baseline's median. */
  ratio?: number;
  bar?: string;
  pass?: boolean;
}

export async function measure(rounds: number, body: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  return times;
}

/** Runs `count` calls at once; each call's own time, and the wall time of all of them. */
export async function measureParallel(
  count: number,
  body: (index: number) => Promise<unknown>,
): Promise<{ times: number[]; wall: number }> {
  const started = performance.now();
  const times = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const own = performance.now();
      await body(index);
      return performance.now() - own;
    }),
  );
  return { times, wall: performance.now() - started };
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export function summarize(times: number[]): Summary {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { count: sorted.length, median, p95: percentile(sorted, 0.95) };
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`;
}

export function printTable(figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.label,
    String(f.count),
    ms(f.median),
    ms(f.p95),
    f.ratio === undefined ? '' : `${f.ratio.toFixed(f.ratio < 0.1 ? 3 : 2)}x`,
    f.bar === undefined ? '' : `${f.pass ? 'PASS' : 'FAIL'} (${f.bar})`,
  ]);
  const header = ['measure', 'n', 'median', 'p95', 'vs baseline', 'bar'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
