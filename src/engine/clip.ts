/**
 * Gradient norms and global-norm clipping equal to `torch.nn.utils.clip_grad_norm_`:
 * total = sqrt(Σ‖g‖²), coef = maxNorm / (total + 1e-6), gradients scaled by coef when coef < 1.
 * Unlike PyTorch (which then scales by NaN or 0), a non-finite total is reported and the gradients are left
 * untouched, so the caller can skip the update. Norms are accumulated in float64.
 */
import type { WeightMap } from './unrolled-model';

/** Per-parameter L2 norms and the global norm. */
export interface GradNorms {
  perParam: Record<string, number>;
  total: number;
  finite: boolean;
}

/** What clipping did. */
export interface ClipResult {
  maxNorm: number;
  /** Global norm before clipping (may be Infinity or NaN). */
  totalNormBefore: number;
  /** Global norm after clipping. */
  totalNormAfter: number;
  /** The scale applied (1 when not clipped or not finite). */
  coef: number;
  clipped: boolean;
  finite: boolean;
}

/** L2 norm of one array (float64 accumulation). */
export function l2norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** A gradient known to be zero outside some rows (the embedding's): only those rows are read. */
export interface SparseRows {
  name: string;
  /** Row indices holding the non-zero values. */
  rows: Int32Array;
  /** Values per row. */
  width: number;
}

function sparseNorm(g: Float32Array, rows: Int32Array, width: number): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) {
    const o = rows[i] * width;
    for (let k = 0; k < width; k++) s += g[o + k] * g[o + k];
  }
  return Math.sqrt(s);
}

/** Norm of every gradient and the global norm sqrt(Σ‖g‖²). `sparse` skips the all-zero rows of one gradient. */
export function gradNorms(grads: WeightMap, sparse?: SparseRows): GradNorms {
  const perParam: Record<string, number> = {};
  let sq = 0;
  for (const [name, g] of Object.entries(grads)) {
    const n = sparse && sparse.name === name ? sparseNorm(g, sparse.rows, sparse.width) : l2norm(g);
    perParam[name] = n;
    sq += n * n;
  }
  const total = Math.sqrt(sq);
  return { perParam, total, finite: Number.isFinite(total) };
}

/**
 * Clips the gradients in place like clip_grad_norm_(parameters, maxNorm); non-finite norms are left alone.
 * `total` may be passed when already computed (by `gradNorms` on the same gradients).
 */
export function clipGradNorm(grads: WeightMap, maxNorm: number, total?: number): ClipResult {
  if (!(maxNorm > 0)) throw new Error(`clip max norm must be a positive number, got ${maxNorm}`);
  if (total === undefined) total = gradNorms(grads).total;
  if (!Number.isFinite(total)) {
    return { maxNorm, totalNormBefore: total, totalNormAfter: total, coef: 1, clipped: false, finite: false };
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef >= 1) {
    return { maxNorm, totalNormBefore: total, totalNormAfter: total, coef: 1, clipped: false, finite: true };
  }
  for (const g of Object.values(grads)) {
    for (let i = 0; i < g.length; i++) g[i] *= coef;
  }
  return { maxNorm, totalNormBefore: total, totalNormAfter: total * coef, coef, clipped: true, finite: true };
}
