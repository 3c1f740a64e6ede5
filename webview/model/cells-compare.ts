/**
 * Compare Cells' chart: the three cells' gradients on ONE log axis. Per cell the long sequence's ‖∂L/∂x_t‖ at
 * every t (a line; its value at t = 0 is the first token's gradient) and the short sequence's first-token
 * gradient (a dot in a column of its own on the same axis), with test accuracy and seconds per epoch, and the
 * demo's computed reading. Every figure comes from the run's demo-end summary (`unrolled compare-cells --json`).
 * Pure.
 */
import type { RunState } from './store';
import { MIN_EXPONENT } from './gradient';
import { minus } from './format';

export interface CellLine {
  cell: string;
  /** ‖∂L/∂x_t‖ of the long sequence, finite positive values only (t = token position). */
  points: Array<{ t: number; v: number }>;
  /** First-token gradients after the long and the short sequence (the summary's figures). */
  long: number;
  short: number;
  testAcc: number | null;
  secondsPerEpoch: number | null;
  /** Gated: the keep gate (f or z) and its mean along the long sequence. */
  keepGate: string | null;
  keepGateMean: number | null;
}

export interface CellsChart {
  lines: CellLine[];
  longLength: number;
  shortLength: number;
  /** Whole decades (log10) covering every value drawn. */
  axis: { lo: number; hi: number };
  /** The demo's sentences (computed by src/demos/cell-reading.ts), minus signs typeset. */
  reading: string[];
}

const pos = (v: unknown): v is number => typeof v === 'number' && v > 0 && Number.isFinite(v);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function valuesOf(v: unknown): number[] {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? x : NaN));
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  return [];
}

/** The chart of a Compare Cells run once it has ended (null for another demo, before the end, or without rows). */
export function cellsChart(run: Pick<RunState, 'demo' | 'summary' | 'config'>): CellsChart | null {
  if (run.demo !== 'compare-cells' || !run.summary || !Array.isArray(run.summary.cells)) return null;
  const lines: CellLine[] = [];
  let longest = 0;
  for (const r of run.summary.cells as unknown[]) {
    if (!r || typeof r !== 'object') continue;
    const o = r as Record<string, unknown>;
    if (typeof o.cell !== 'string') continue;
    const grads = valuesOf(o.inputGradNorm);
    longest = Math.max(longest, grads.length);
    lines.push({
      cell: o.cell,
      points: grads.map((v, t) => ({ t, v })).filter((p) => pos(p.v)),
      long: typeof o.firstTokenGradLong === 'number' ? o.firstTokenGradLong : NaN,
      short: typeof o.firstTokenGradShort === 'number' ? o.firstTokenGradShort : NaN,
      testAcc: numOrNull(o.testAcc),
      secondsPerEpoch: numOrNull(o.secondsPerEpoch),
      keepGate: typeof o.keepGate === 'string' ? o.keepGate : null,
      keepGateMean: numOrNull(o.keepGateMean),
    });
  }
  if (!lines.length) return null;
  const all = lines.flatMap((l) => [...l.points.map((p) => p.v), l.long, l.short]).filter(pos);
  if (!all.length) return null;
  const lo = Math.max(MIN_EXPONENT, Math.floor(Math.log10(Math.min(...all)) + 1e-9));
  let hi = Math.ceil(Math.log10(Math.max(...all)) - 1e-9) + 0; // + 0: no −0
  if (hi <= lo) hi = lo + 1;
  const longLength = typeof run.config.longLength === 'number' ? run.config.longLength : longest;
  const shortLength = typeof run.config.shortLength === 'number' ? run.config.shortLength : NaN;
  const reading = Array.isArray(run.summary.reading) ? run.summary.reading.filter((s): s is string => typeof s === 'string').map(minus) : [];
  return { lines, longLength, shortLength, axis: { lo, hi }, reading };
}
