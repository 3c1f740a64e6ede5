/**
 * Small dense linear algebra in float64 for the Jacobian diagnostics (pure TypeScript, row-major arrays):
 * the largest singular value by power iteration, every singular value (Householder tridiagonalisation of
 * AᵀA, then implicit QL), and every eigenvalue of a general real matrix (Householder reduction to
 * Hessenberg form, then Francis double-shift QR). Sizes here are the hidden size (≤ a few hundred).
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

/** Every eigenvalue of a general real n×n A (not modified): real parts and imaginary parts. */
export function eigenvalues(a0: ArrayLike<number>, n: number): { re: Float64Array; im: Float64Array } {
  const a = Float64Array.from(a0 as ArrayLike<number>);
  toHessenberg(a, n);
  return hessenbergQr(a, n);
}

/** max |λ| over the eigenvalues of A. */
export function spectralRadius(a: ArrayLike<number>, n: number): number {
  const { re, im } = eigenvalues(a, n);
  let r = 0;
  for (let i = 0; i < n; i++) r = Math.max(r, Math.hypot(re[i], im[i]));
  return r;
}

/** Householder similarity transforms to upper Hessenberg form, in place. */
function toHessenberg(a: Float64Array, n: number): void {
  const v = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += a[i * n + k] * a[i * n + k];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = a[(k + 1) * n + k] > 0 ? -norm : norm;
    let vv = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = a[i * n + k] - (i === k + 1 ? alpha : 0);
      vv += v[i] * v[i];
    }
    if (vv === 0) continue;
    const inv = 1 / Math.sqrt(vv);
    for (let i = k + 1; i < n; i++) v[i] *= inv;
    // A ← (I − 2vvᵀ) A: rows k+1..n−1
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k + 1; i < n; i++) s += v[i] * a[i * n + j];
      s *= 2;
      for (let i = k + 1; i < n; i++) a[i * n + j] -= s * v[i];
    }
    // A ← A (I − 2vvᵀ): columns k+1..n−1
    for (let i = 0; i < n; i++) {
      let s = 0;
      const r = i * n;
      for (let j = k + 1; j < n; j++) s += a[r + j] * v[j];
      s *= 2;
      for (let j = k + 1; j < n; j++) a[r + j] -= s * v[j];
    }
    for (let i = k + 2; i < n; i++) a[i * n + k] = 0;
  }
}

/** Francis double-shift QR on an upper Hessenberg matrix (destroyed): its eigenvalues. */
function hessenbergQr(h: Float64Array, n: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const A = (i: number, j: number): number => h[i * n + j];
  const set = (i: number, j: number, x: number): void => {
    h[i * n + j] = x;
  };
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(A(i, j));
  let nn = n - 1;
  let t = 0;
  let p = 0, q = 0, r = 0, s = 0, w = 0, x = 0, y = 0, z = 0;
  while (nn >= 0) {
    let its = 0;
    let l: number;
    do {
      for (l = nn; l >= 1; l--) {
        s = Math.abs(A(l - 1, l - 1)) + Math.abs(A(l, l));
        if (s === 0) s = anorm;
        if (Math.abs(A(l, l - 1)) + s === s) {
          set(l, l - 1, 0);
          break;
        }
      }
      x = A(nn, nn);
      if (l === nn) {
        re[nn] = x + t;
        im[nn--] = 0;
      } else {
        y = A(nn - 1, nn - 1);
        w = A(nn, nn - 1) * A(nn - 1, nn);
        if (l === nn - 1) {
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + (p >= 0 ? z : -z);
            re[nn - 1] = re[nn] = x + z;
            if (z !== 0) re[nn] = x - w / z;
            im[nn - 1] = im[nn] = 0;
          } else {
            re[nn - 1] = re[nn] = x + p;
            im[nn - 1] = -z;
            im[nn] = z;
          }
          nn -= 2;
        } else {
          if (its === 60) throw new Error('eigenvalues: QR did not converge');
          if (its === 10 || its === 20) {
            // exceptional shift
            t += x;
            for (let i = 0; i <= nn; i++) set(i, i, A(i, i) - x);
            s = Math.abs(A(nn, nn - 1)) + Math.abs(A(nn - 1, nn - 2));
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          ++its;
          let m: number;
          for (m = nn - 2; m >= l; m--) {
            z = A(m, m);
            r = x - z;
            s = y - z;
            p = (r * s - w) / A(m + 1, m) + A(m, m + 1);
            q = A(m + 1, m + 1) - z - r - s;
            r = A(m + 2, m + 1);
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(A(m, m - 1)) * (Math.abs(q) + Math.abs(r));
            const vv = Math.abs(p) * (Math.abs(A(m - 1, m - 1)) + Math.abs(z) + Math.abs(A(m + 1, m + 1)));
            if (u + vv === vv) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            set(i, i - 2, 0);
            if (i !== m + 2) set(i, i - 3, 0);
          }
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = A(k, k - 1);
              q = A(k + 1, k - 1);
              r = 0;
              if (k !== nn - 1) r = A(k + 2, k - 1);
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            const sq = Math.sqrt(p * p + q * q + r * r);
            s = p >= 0 ? sq : -sq;
            if (s !== 0) {
              if (k === m) {
                if (l !== m) set(k, k - 1, -A(k, k - 1));
              } else {
                set(k, k - 1, -s * x);
              }
              p += s;
              x = p / s;
              y = q / s;
              z = r / s;
              q /= p;
              r /= p;
              for (let j = k; j <= nn; j++) {
                p = A(k, j) + q * A(k + 1, j);
                if (k !== nn - 1) {
                  p += r * A(k + 2, j);
                  set(k + 2, j, A(k + 2, j) - p * z);
                }
                set(k + 1, j, A(k + 1, j) - p * y);
                set(k, j, A(k, j) - p * x);
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) {
                p = x * A(i, k) + y * A(i, k + 1);
                if (k !== nn - 1) {
                  p += z * A(i, k + 2);
                  set(i, k + 2, A(i, k + 2) - p * r);
                }
                set(i, k + 1, A(i, k + 1) - p * q);
                set(i, k, A(i, k) - p);
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  return { re, im };
}
