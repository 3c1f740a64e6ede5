// Shared f32x4 building blocks of the RNN kernels (rnn.ts: tanh cell, cells.ts: LSTM/GRU): GEMM, tanh, column sums.

// ---------------------------------------------------------------------------------------------------------
// Stop: the host's `env.stopRequested` (src/engine/stop.ts) reads a word another thread may set while a kernel
// runs. Kernels look at it between time steps and inside long GEMMs (per reduction chunk, every 256 rows) and
// return at once when it is non-zero; their outputs are then incomplete and the host throws instead of
// reading them. One look is a call into JS (~20 ns); at the notebook shape there are a few hundred a batch.
// @ts-ignore: decorator
@external("env", "stopRequested")
export declare function stopRequested(): i32;

// ---------------------------------------------------------------------------------------------------------
// GEMM: C[M, N] (row stride ldc floats) = (acc ? C : 0) + A · B, with B row-major [K, N] (row stride ldb) and
// A addressed by byte strides: element (i, k) at a + i·aRow + k·aCol. aRow = 4·lda, aCol = 4 reads A as
// [M, K]; aRow = 4, aCol = 4·lda reads the transpose of a row-major [K, M] array (for weight gradients).
// Register tile: 2 rows × 16 columns (8 f32x4 accumulators, 4 B vectors, one broadcast A value: measured
// ~47 GFLOP/s here against ~41 for 4 × 8 and less for larger tiles, which spill); then 4-column and scalar
// column tails, and a single-row pass for an odd last row.

// @ts-ignore: decorator
@inline
export function mad(c: v128, a: v128, b: v128): v128 {
  return f32x4.add(c, f32x4.mul(a, b));
}

// @ts-ignore: decorator
@inline
export function init4(acc: bool, p: usize): v128 {
  return acc ? v128.load(p) : f32x4.splat(0);
}

/** Rows of the reduction per pass: long reductions (weight gradients over T·B rows) run in chunks whose A and
 * B rows stay in cache while every C tile passes over them (measured ~1.8× faster for dWih than one pass). */
export const KC = 64;

export function gemm(
  a: usize, aRow: usize, aCol: usize,
  b: usize, ldb: i32,
  c: usize, ldc: i32,
  M: i32, K: i32, N: i32, acc: bool,
): void {
  if (K <= 2 * KC) {
    gemmPass(a, aRow, aCol, b, ldb, c, ldc, M, K, N, acc);
    return;
  }
  for (let k0 = 0; k0 < K; k0 += KC) {
    if (stopRequested()) return;
    const kc = min(KC, K - k0);
    gemmPass(a + <usize>k0 * aCol, aRow, aCol, b + ((<usize>k0 * <usize>ldb) << 2), ldb, c, ldc, M, kc, N, acc || k0 > 0);
  }
}

export function gemmPass(
  a: usize, aRow: usize, aCol: usize,
  b: usize, ldb: i32,
  c: usize, ldc: i32,
  M: i32, K: i32, N: i32, acc: bool,
): void {
  const bRow = <usize>ldb << 2;
  const cRow = <usize>ldc << 2;
  let i = 0;
  for (; i + 2 <= M; i += 2) {
    if ((i & 255) == 0 && i > 0 && stopRequested()) return;
    const a0 = a + <usize>i * aRow;
    const a1 = a0 + aRow;
    const c0 = c + <usize>i * cRow;
    const c1 = c0 + cRow;
    let j = 0;
    for (; j + 16 <= N; j += 16) {
      const o = <usize>j << 2;
      let s00 = init4(acc, c0 + o), s01 = init4(acc, c0 + o + 16), s02 = init4(acc, c0 + o + 32), s03 = init4(acc, c0 + o + 48);
      let s10 = init4(acc, c1 + o), s11 = init4(acc, c1 + o + 16), s12 = init4(acc, c1 + o + 32), s13 = init4(acc, c1 + o + 48);
      let bp = b + o;
      let ak: usize = 0;
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const b2 = v128.load(bp, 32);
        const b3 = v128.load(bp, 48);
        let x = v128.load32_splat(a0 + ak);
        s00 = mad(s00, x, b0); s01 = mad(s01, x, b1); s02 = mad(s02, x, b2); s03 = mad(s03, x, b3);
        x = v128.load32_splat(a1 + ak);
        s10 = mad(s10, x, b0); s11 = mad(s11, x, b1); s12 = mad(s12, x, b2); s13 = mad(s13, x, b3);
        bp += bRow;
        ak += aCol;
      }
      v128.store(c0 + o, s00); v128.store(c0 + o, s01, 16); v128.store(c0 + o, s02, 32); v128.store(c0 + o, s03, 48);
      v128.store(c1 + o, s10); v128.store(c1 + o, s11, 16); v128.store(c1 + o, s12, 32); v128.store(c1 + o, s13, 48);
    }
    for (; j + 4 <= N; j += 4) {
      const o = <usize>j << 2;
      let s0 = init4(acc, c0 + o), s1 = init4(acc, c1 + o);
      let bp = b + o;
      let ak: usize = 0;
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(bp);
        s0 = mad(s0, v128.load32_splat(a0 + ak), b0);
        s1 = mad(s1, v128.load32_splat(a1 + ak), b0);
        bp += bRow;
        ak += aCol;
      }
      v128.store(c0 + o, s0); v128.store(c1 + o, s1);
    }
    for (; j < N; j++) {
      const o = <usize>j << 2;
      let s0: f32 = acc ? load<f32>(c0 + o) : 0;
      let s1: f32 = acc ? load<f32>(c1 + o) : 0;
      let bp = b + o;
      let ak: usize = 0;
      for (let k = 0; k < K; k++) {
        const bv = load<f32>(bp);
        s0 += load<f32>(a0 + ak) * bv;
        s1 += load<f32>(a1 + ak) * bv;
        bp += bRow;
        ak += aCol;
      }
      store<f32>(c0 + o, s0); store<f32>(c1 + o, s1);
    }
  }
  if (i < M) {
    const a0 = a + <usize>i * aRow;
    const c0 = c + <usize>i * cRow;
    let j = 0;
    for (; j + 16 <= N; j += 16) {
      const o = <usize>j << 2;
      let s0 = init4(acc, c0 + o), s1 = init4(acc, c0 + o + 16), s2 = init4(acc, c0 + o + 32), s3 = init4(acc, c0 + o + 48);
      let bp = b + o;
      let ak: usize = 0;
      for (let k = 0; k < K; k++) {
        const x = v128.load32_splat(a0 + ak);
        s0 = mad(s0, x, v128.load(bp)); s1 = mad(s1, x, v128.load(bp, 16));
        s2 = mad(s2, x, v128.load(bp, 32)); s3 = mad(s3, x, v128.load(bp, 48));
        bp += bRow;
        ak += aCol;
      }
      v128.store(c0 + o, s0); v128.store(c0 + o, s1, 16); v128.store(c0 + o, s2, 32); v128.store(c0 + o, s3, 48);
    }
    for (; j + 4 <= N; j += 4) {
      const o = <usize>j << 2;
      let s0 = init4(acc, c0 + o);
      let bp = b + o;
      let ak: usize = 0;
      for (let k = 0; k < K; k++) {
        s0 = mad(s0, v128.load32_splat(a0 + ak), v128.load(bp));
        bp += bRow;
        ak += aCol;
      }
      v128.store(c0 + o, s0);
    }
    for (; j < N; j++) {
      const o = <usize>j << 2;
      let s0: f32 = acc ? load<f32>(c0 + o) : 0;
      let bp = b + o;
      let ak: usize = 0;
      for (let k = 0; k < K; k++) {
        s0 += load<f32>(a0 + ak) * load<f32>(bp);
        bp += bRow;
        ak += aCol;
      }
      store<f32>(c0 + o, s0);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// tanh: odd rational approximation p(x)/q(x) of degrees 13/6 (the well-known minimax fit used by Eigen and
// XLA), clamped where tanh rounds to ±1 in float32; a few ulp from the exact value, odd in x, so small inputs
// keep their relative accuracy.

// @ts-ignore: decorator
@inline
export function tanh4(v: v128): v128 {
  const x = f32x4.max(f32x4.splat(-7.90531110763549805), f32x4.min(f32x4.splat(7.90531110763549805), v));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = mad(f32x4.splat(2.00018790482477e-13), p, x2);
  p = mad(f32x4.splat(-8.60467152213735e-11), p, x2);
  p = mad(f32x4.splat(5.12229709037114e-8), p, x2);
  p = mad(f32x4.splat(1.48572235717979e-5), p, x2);
  p = mad(f32x4.splat(6.37261928875436e-4), p, x2);
  p = mad(f32x4.splat(4.89352455891786e-3), p, x2);
  p = f32x4.mul(p, x);
  let q = f32x4.splat(1.19825839466702e-6);
  q = mad(f32x4.splat(1.18534705686654e-4), q, x2);
  q = mad(f32x4.splat(2.268434632439e-3), q, x2);
  q = mad(f32x4.splat(4.89352518554385e-3), q, x2);
  return f32x4.div(p, q);
}

/** out[i] = tanh(src[i]) for n floats (scalar tail through the same formula). */
export function tanhArray(src: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, tanh4(v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, f32x4.extract_lane(tanh4(f32x4.splat(load<f32>(src + o))), 0));
  }
}

/** out[j] = Σ_r m[r, j] for a row-major [rows, n] matrix. */
export function columnSums(m: usize, out: usize, rows: i32, n: i32): void {
  const rowBytes = <usize>n << 2;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    let s = f32x4.splat(0);
    let p = m + o;
    for (let r = 0; r < rows; r++) {
      s = f32x4.add(s, v128.load(p));
      p += rowBytes;
    }
    v128.store(out + o, s);
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    let s: f32 = 0;
    let p = m + o;
    for (let r = 0; r < rows; r++) {
      s += load<f32>(p);
      p += rowBytes;
    }
    store<f32>(out + o, s);
  }
}
