/**
 * Small dense linear algebra in float64 for the Jacobian diagnostics (pure TypeScript, row-major arrays):
 * the largest singular value by power iteration or Lanczos, and every singular value (Householder
 * tridiagonalisation of AᵀA, then implicit QL). Eigenvalues of a general matrix are in ./eigen.ts.
 * Sizes here are the hidden size (≤ a few hundred).
 */

/** Numbers in a row-major n×n matrix. */
export type Matrix = Float64Array;

/** Options of the power iteration. */
export interface PowerOptions {
  /** Stop when σ² changes by at most this relative amount between iterations. Default 1e-13. */
  tol?: number;
  /** Hard cap on iterations. Default 5000. */
  maxIter?: number;
}

/** A deterministic start vector with no special direction (unit norm). */
export function startVector(n: number): Float64Array {
  const v = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    v[i] = 1 + 0.5 * Math.sin(1.7 * i + 0.3);
    s += v[i] * v[i];
  }
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < n; i++) v[i] *= inv;
  return v;
}

/**
 * σ₁(A) for a row-major n×n A: power iteration on AᵀA. `v` is the start vector (unit norm) and is
 * overwritten with the right singular vector found, so a caller can warm-start the next, similar matrix.
 * `u` is scratch of length n. Returns NaN when A has a non-finite entry.
 */
export function spectralNorm(a: Matrix, n: number, v: Float64Array, u = new Float64Array(n), o: PowerOptions = {}): number {
  const tol = o.tol ?? 1e-13;
  const maxIter = o.maxIter ?? 5000;
  let prev = -1;
  let sigma2 = 0;
  for (let it = 0; it < maxIter; it++) {
    // u = A v
    let uu = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const r = i * n;
      for (let j = 0; j < n; j++) s += a[r + j] * v[j];
      u[i] = s;
      uu += s * s;
    }
    if (!Number.isFinite(uu)) return NaN;
    sigma2 = uu;
    if (uu === 0) {
      // v fell into the null space: A may still be non-zero elsewhere, so restart once from a fresh vector
      if (it === 0 && anyNonZero(a)) {
        v.set(startVector(n));
        v[0] += 0.5;
        normalise(v);
        continue;
      }
      return 0;
    }
    // v = Aᵀ u / ‖Aᵀ u‖
    v.fill(0);
    for (let i = 0; i < n; i++) {
      const ui = u[i];
      if (ui === 0) continue;
      const r = i * n;
      for (let j = 0; j < n; j++) v[j] += a[r + j] * ui;
    }
    normalise(v);
    if (prev >= 0 && Math.abs(sigma2 - prev) <= tol * sigma2) break;
    prev = sigma2;
  }
  return Math.sqrt(sigma2);
}

function anyNonZero(a: Matrix): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return true;
  return false;
}

function normalise(v: Float64Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  if (s === 0) return;
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
}

/**
 * λ_max of a symmetric positive semi-definite n×n S (row-major, not modified) by Lanczos with full
 * reorthogonalisation: stops when the largest Ritz value changes by ≤ `tol` relative, or after n steps
 * (then it is exact up to rounding) or at an invariant subspace. `q` is scratch of (n + 1)·n values.
 */
export function lanczosMax(s: Matrix, n: number, tol = 1e-14, q = new Float64Array((n + 1) * n)): number {
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const q0 = startVector(n);
  q.set(q0, 0);
  let prev = -1;
  let theta = 0;
  for (let j = 0; j < n; j++) {
    const qj = j * n;
    const wOff = (j + 1) * n;
    // w = S q_j − β_{j−1} q_{j−1}
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const r = i * n;
      for (let k = 0; k < n; k++) acc += s[r + k] * q[qj + k];
      q[wOff + i] = acc - (j > 0 ? beta[j - 1] * q[qj - n + i] : 0);
    }
    let a = 0;
    for (let i = 0; i < n; i++) a += q[qj + i] * q[wOff + i];
    if (!Number.isFinite(a)) return NaN;
    alpha[j] = a;
    for (let i = 0; i < n; i++) q[wOff + i] -= a * q[qj + i];
    // full reorthogonalisation, twice (Kahan's "twice is enough")
    for (let pass = 0; pass < 2; pass++) {
      for (let m = 0; m <= j; m++) {
        let c = 0;
        const qm = m * n;
        for (let i = 0; i < n; i++) c += q[qm + i] * q[wOff + i];
        for (let i = 0; i < n; i++) q[wOff + i] -= c * q[qm + i];
      }
    }
    let b = 0;
    for (let i = 0; i < n; i++) b += q[wOff + i] * q[wOff + i];
    b = Math.sqrt(b);
    beta[j] = b;
    // largest eigenvalue of the (j+1)×(j+1) tridiagonal T
    for (let i = 0; i <= j; i++) {
      d[i] = alpha[i];
      e[i] = i < j ? beta[i] : 0;
    }
    tridiagonalQl(d, e, j + 1);
    theta = -Infinity;
    for (let i = 0; i <= j; i++) if (d[i] > theta) theta = d[i];
    const scale = Math.abs(theta) + Math.abs(a);
    if (b <= 1e-15 * scale || b === 0) break;
    if (prev >= 0 && Math.abs(theta - prev) <= tol * Math.abs(theta)) break;
    prev = theta;
    const inv = 1 / b;
    for (let i = 0; i < n; i++) q[wOff + i] *= inv;
  }
  return Math.max(0, theta);
}

/** The eigenvalues of a symmetric n×n matrix (destroyed), ascending order not guaranteed. */
export function symmetricEigenvalues(g: Matrix, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // Householder: reduce to tridiagonal T = QᵀGQ (d its diagonal, e[k] the entry below d[k])
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += g[i * n + k] * g[i * n + k];
    norm = Math.sqrt(norm);
    const x0 = g[(k + 1) * n + k];
    d[k] = g[k * n + k];
    if (norm === 0) {
      e[k] = 0;
      continue;
    }
    const alpha = x0 > 0 ? -norm : norm;
    let vv = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = g[i * n + k];
      if (i === k + 1) v[i] -= alpha;
      vv += v[i] * v[i];
    }
    e[k] = alpha;
    if (vv === 0) continue;
    const inv = 1 / Math.sqrt(vv);
    for (let i = k + 1; i < n; i++) v[i] *= inv;
    // p = G v on the trailing block, K = vᵀp, q = p − K v, G −= 2(v qᵀ + q vᵀ)
    let K = 0;
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += g[i * n + j] * v[j];
      p[i] = s;
      K += v[i] * s;
    }
    for (let i = k + 1; i < n; i++) p[i] -= K * v[i];
    for (let i = k + 1; i < n; i++) {
      for (let j = k + 1; j < n; j++) g[i * n + j] -= 2 * (v[i] * p[j] + p[i] * v[j]);
    }
  }
  if (n >= 2) {
    d[n - 2] = g[(n - 2) * n + n - 2];
    e[n - 2] = g[(n - 1) * n + n - 2];
  }
  if (n >= 1) d[n - 1] = g[(n - 1) * n + n - 1];
  e[n - 1] = 0;
  tridiagonalQl(d, e, n);
  return d;
}

/** Implicit QL with Wilkinson-like shifts on a symmetric tridiagonal matrix; d becomes its eigenvalues. */
function tridiagonalQl(d: Float64Array, e: Float64Array, n: number): void {
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new Error('symmetric eigenvalues: QL did not converge');
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1;
        let c = 1;
        let pp = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= pp;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - pp;
          r = (d[i] - g) * s + 2 * c * b;
          pp = s * r;
          d[i + 1] = g + pp;
          g = c * r - b;
        }
        if (r === 0 && i >= l) continue;
        d[l] -= pp;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
}

/** Every singular value of a row-major n×n A (not modified), descending: √eig(AᵀA). */
export function singularValues(a: ArrayLike<number>, n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[k * n + i] * a[k * n + j];
      g[i * n + j] = s;
      g[j * n + i] = s;
    }
  }
  const ev = symmetricEigenvalues(g, n);
  const out = Float64Array.from(ev, (x) => Math.sqrt(Math.max(0, x)));
  out.sort((x, y) => y - x);
  return out;
}
