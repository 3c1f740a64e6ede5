/**
 * Comparing computed numbers with a fixture's: the tolerances and the per-quantity report (shared by
 * every fixture kind's verifier).
 */

/** How a quantity is judged. */
export type Tolerance = { kind: 'abs'; abs: number } | { kind: 'grad'; rel: number; abs: number };

/** Value tolerance: 1e-4 absolute. */
export const VALUE_TOLERANCE: Tolerance = { kind: 'abs', abs: 1e-4 };
/** Gradient tolerance: 1e-3 relative or 1e-6 absolute, elementwise. */
export const GRAD_TOLERANCE: Tolerance = { kind: 'grad', rel: 1e-3, abs: 1e-6 };

/** One compared quantity. */
export interface QuantityReport {
  name: string;
  /** Number of values compared. */
  count: number;
  maxAbsErr: number;
  /** Largest |a − e| / |e| over values with |e| ≥ 1e-6 (0 if none). */
  maxRelErr: number;
  tolerance: Tolerance;
  ok: boolean;
  /** Why it failed when it is not about size (shape mismatch, missing value). */
  detail?: string;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function flatten(v: unknown, out: number[] = []): number[] {
  if (Array.isArray(v)) {
    for (const x of v) flatten(x, out);
  } else if (typeof v === 'number') {
    out.push(v);
  } else if (isRecord(v) && Array.isArray(v.data)) {
    flatten(v.data, out);
  } else {
    throw new Error(`expected numbers, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)?.slice(0, 60)}`);
  }
  return out;
}

/** Compares actual values with expected ones under a tolerance. */
export function compareQuantity(name: string, actual: ArrayLike<number>, expected: unknown, tolerance: Tolerance): QuantityReport {
  let exp: number[];
  try {
    exp = flatten(expected);
  } catch (e) {
    return { name, count: 0, maxAbsErr: Infinity, maxRelErr: Infinity, tolerance, ok: false, detail: `expected value unreadable: ${(e as Error).message}` };
  }
  if (exp.length !== actual.length) {
    return { name, count: 0, maxAbsErr: Infinity, maxRelErr: Infinity, tolerance, ok: false, detail: `computed ${actual.length} values, fixture has ${exp.length}` };
  }
  let maxAbs = 0;
  let maxRel = 0;
  let ok = true;
  for (let i = 0; i < exp.length; i++) {
    const a = actual[i];
    const e = exp[i];
    const abs = Math.abs(a - e);
    const rel = e === 0 ? (abs === 0 ? 0 : Infinity) : abs / Math.abs(e);
    const absN = Number.isNaN(abs) ? Infinity : abs;
    if (absN > maxAbs) maxAbs = absN;
    if (Math.abs(e) >= 1e-6 && !(rel <= maxRel)) maxRel = Number.isNaN(rel) ? Infinity : rel;
    const pass = tolerance.kind === 'abs' ? abs <= tolerance.abs : abs <= tolerance.abs || rel <= tolerance.rel;
    if (!pass) ok = false;
  }
  return { name, count: exp.length, maxAbsErr: maxAbs, maxRelErr: maxRel, tolerance, ok };
}
