// Summaries of the child results: medians per implementation, ratios against handwritten and
// db-ivm, and the plain-text tables bench/run.ts prints.

/** One child's parsed JSON line (numeric metrics plus identifying strings). */
export type RunResult = Record<string, number | string | boolean>;

/** What became of one implementation across its repetitions. */
export interface ImplSummary {
  impl: string;
  status: 'ok' | 'pending' | 'failed';
  /** Why it is pending or failed. */
  note?: string;
  runs: RunResult[];
  /** Median of each numeric metric over the runs. */
  median: Record<string, number>;
}

/** The median of `values` (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Medians of every numeric field present in all runs. */
export function medianMetrics(runs: readonly RunResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  const first = runs[0];
  if (first === undefined) return out;
  for (const [field, value] of Object.entries(first)) {
    if (typeof value !== 'number') continue;
    out[field] = median(runs.map((r) => r[field]).filter((v): v is number => typeof v === 'number'));
  }
  return out;
}

/** A column of a results table: a header and how to render one implementation's cell. */
export interface Column {
  header: string;
  cell: (summary: ImplSummary) => string;
}

/** Formats a number with at most one decimal and thousands separators. */
export function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  return x.toLocaleString('en-US', { maximumFractionDigits: x >= 100 ? 0 : 1 });
}

/** `value / reference` as "3.2×", or "-" when either is missing. */
export function ratio(value: number | undefined, reference: number | undefined): string {
  if (value === undefined || reference === undefined || !(reference > 0)) return '-';
  const r = value / reference;
  return `${r.toFixed(r >= 10 ? 0 : r >= 1 ? 1 : 2)}×`;
}

/** Renders a plain-text table; pending and failed implementations show their status in every cell. */
export function renderTable(columns: readonly Column[], summaries: readonly ImplSummary[]): string {
  const rows = summaries.map((s) =>
    columns.map((c, i) => (i === 0 || s.status === 'ok' ? c.cell(s) : s.status)),
  );
  const header = columns.map((c) => c.header);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
