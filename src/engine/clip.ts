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

/** Norm of every gradient and the global norm sqrt(Σ‖g‖²). */
export function gradNorms(grads: WeightMap): GradNorms {
  const perParam: Record<string, number> = {};
  let sq = 0;
  for (const [name, g] of Object.entries(grads)) {
    const n = l2norm(g);
    perParam[name] = n;
    sq += n * n;
  }
  const total = Math.sqrt(sq);
  return { perParam, total, finite: Number.isFinite(total) };
}

/** Clips the gradients in place like clip_grad_norm_(parameters, maxNorm); non-finite norms are left alone. */
export function clipGradNorm(grads: WeightMap, maxNorm: number): ClipResult {
  if (!(maxNorm > 0)) throw new Error(`clip max norm must be a positive number, got ${maxNorm}`);
  const { total } = gradNorms(grads);
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
  return { maxNorm, totalNormBefore: total, totalNormAfter: gradNorms(grads).total, coef, clipped: true, finite: true };
}
