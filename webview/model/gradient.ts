/**
 * ‖∂L/∂h_t‖ on a log scale: one bar per layer and timestep, height ∝ log10 of the norm between whole
 * decades chosen from the data, so 1e-12 and 1e-2 are ten decades apart on screen instead of both
 * looking like zero. Zero, NaN and ∞ are flagged in words instead of being drawn as numbers.
 */
import { fmt, minus, nonFiniteWords } from './format';

export type GradFlag = 'ok' | 'zero' | 'nan' | 'inf';

export interface GradBar {
  layer: number;
  t: number;
  value: number;
  /** Height as a fraction of the bar area, 0…1 (1 for ∞/NaN so they cannot be missed). */
  frac: number;
  flag: GradFlag;
  /** Text for the tooltip / screen reader, e.g. "‖∂L/∂h_12‖ = 3.204e−7 (layer 1)". */
  label: string;
}

export interface GradTick {
  exponent: number;
  frac: number;
  label: string;
}

export interface GradScale {
  /** log10 of the bottom and top of the axis (whole decades). */
  lo: number;
  hi: number;
  ticks: GradTick[];
  bars: GradBar[];
  /** How many bars are NaN / ∞ / exactly 0. */
  counts: Record<GradFlag, number>;
  /** Ratio of the largest to the smallest finite positive norm, in decades (for the caption). */
  spanDecades: number;
}

/** The lowest decade drawn: below this, bars sit on the floor (still labelled with the exact value). */
export const MIN_EXPONENT = -30;

function flagOf(v: number): GradFlag {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return 'inf';
  if (v === 0) return 'zero';
  return 'ok';
}

/** Position of a positive finite value on the axis [lo, hi] (log10 units), clamped to 0…1. */
export function logFrac(v: number, lo: number, hi: number): number {
  const f = (Math.log10(v) - lo) / (hi - lo);
  return f < 0 ? 0 : f > 1 ? 1 : f;
}

/**
 * Build the bars for norms laid out [layer][t] (length layers*steps).
 * `fixed` pins the axis (e.g. to keep it still while the backward animation runs).
 */
export function gradScale(norms: ArrayLike<number>, layers: number, steps: number, fixed?: { lo: number; hi: number }): GradScale {
  if (norms.length !== layers * steps) {
    throw new Error(`gradient norms: ${norms.length} values, expected layers×steps = ${layers}×${steps}`);
  }
  let min = Infinity, max = -Infinity;
  const counts: Record<GradFlag, number> = { ok: 0, zero: 0, nan: 0, inf: 0 };
  for (let i = 0; i < norms.length; i++) {
    const v = norms[i];
    const f = flagOf(v);
    counts[f]++;
    if (f === 'ok') { if (v < min) min = v; if (v > max) max = v; }
  }
  let lo: number, hi: number;
  if (fixed) ({ lo, hi } = fixed);
  else if (counts.ok === 0) { lo = -12; hi = 0; } else {
    // The tolerance keeps float32 1e-12 (just under 1e-12) in its own decade.
    lo = Math.max(MIN_EXPONENT, Math.floor(Math.log10(min) + 1e-5));
    hi = Math.ceil(Math.log10(max) - 1e-5);
    if (hi <= lo) hi = lo + 1;
  }
  const step = Math.max(1, Math.ceil((hi - lo) / 8));
  const ticks: GradTick[] = [];
  for (let e = hi; e >= lo; e -= step) ticks.push({ exponent: e, frac: (e - lo) / (hi - lo), label: minus(`1e${e}`) });
  const bars: GradBar[] = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let t = 0; t < steps; t++) {
      const value = norms[layer * steps + t];
      const flag = flagOf(value);
      const frac = flag === 'ok' ? logFrac(value, lo, hi) : flag === 'zero' ? 0 : 1;
      const words = nonFiniteWords(value);
      const shown = words ?? (value === 0 ? '0 (exactly zero: no gradient reaches this step)' : fmt(value, 4));
      bars.push({ layer, t, value, frac, flag, label: `‖∂L/∂h_${t}‖ = ${shown} (layer ${layer + 1})` });
    }
  }
  const spanDecades = counts.ok > 0 ? Math.log10(max) - Math.log10(min) : 0;
  return { lo, hi, ticks, bars, counts, spanDecades };
}
