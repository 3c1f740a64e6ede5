// SIMD kernels of one tanh RNN layer over a whole sequence and batch (see src/engine/kernels/types.ts for the
// layouts). No allocation here: the host (src/engine/kernels/wasm.ts) lays out every buffer in linear memory
// and passes byte addresses. All matrices are row-major float32.

import { gemm, tanhArray, columnSums, stopRequested } from './common';
export * from './cells';

/** Exported for tests of the approximation itself. */
export function tanhBuffer(src: usize, out: usize, n: i32): void {
  tanhArray(src, out, n);
}

// ---------------------------------------------------------------------------------------------------------
// Forward. Inputs: x [T, B, In], wihT [In, H] (transposed i2h weight), whhT [H, H] (transposed h2h weight),
// bias [H] = bih + bhh. Outputs: pre [T, B, H] pre-activations, h [T, B, H] = tanh(pre).
export function layerForward(
  x: usize, wihT: usize, whhT: usize, bias: usize, pre: usize, h: usize,
  T: i32, B: i32, In: i32, H: i32,
): void {
  const rows = T * B;
  const rowBytes = <usize>H << 2;
  // pre = bias broadcast, then += x · Wih^T for all T·B rows at once.
  for (let r = 0; r < rows; r++) memory.copy(pre + <usize>r * rowBytes, bias, rowBytes);
  gemm(x, <usize>In << 2, 4, wihT, H, pre, H, rows, In, H, true);
  const stepBytes = <usize>B * rowBytes;
  tanhArray(pre, h, B * H);
  for (let t = 1; t < T; t++) {
    if (stopRequested()) return;
    const p = pre + <usize>t * stepBytes;
    gemm(h + <usize>(t - 1) * stepBytes, rowBytes, 4, whhT, H, p, H, B, H, H, true);
    tanhArray(p, h + <usize>t * stepBytes, B * H);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Backward (BPTT). Inputs: x [T, B, In], h [T, B, H], dhOut [T, B, H], wih [H, In], whh [H, H] (PyTorch
// layouts). Outputs: dh [T, B, H] total ∂L/∂h_t, da [T, B, H] ∂L/∂pre_t (scratch), dx [T, B, In],
// dwih [H, In], dwhh [H, H], db [H].
export function layerBackward(
  x: usize, h: usize, dhOut: usize, wih: usize, whh: usize,
  dh: usize, da: usize, dx: usize, dwih: usize, dwhh: usize, db: usize,
  T: i32, B: i32, In: i32, H: i32,
): void {
  const rowBytes = <usize>H << 2;
  const stepBytes = <usize>B * rowBytes;
  const stepFloats = B * H;
  const one = f32x4.splat(1);
  for (let t = T - 1; t >= 0; t--) {
    if (stopRequested()) return;
    const off = <usize>t * stepBytes;
    const dht = dh + off;
    memory.copy(dht, dhOut + off, stepBytes);
    // dh_t += da_{t+1} · Whh
    if (t < T - 1) gemm(da + off + stepBytes, rowBytes, 4, whh, H, dht, H, B, H, H, true);
    // da_t = dh_t ⊙ (1 − h_t²)
    const ht = h + off;
    const dat = da + off;
    let i = 0;
    for (; i + 4 <= stepFloats; i += 4) {
      const o = <usize>i << 2;
      const hv = v128.load(ht + o);
      v128.store(dat + o, f32x4.mul(v128.load(dht + o), f32x4.sub(one, f32x4.mul(hv, hv))));
    }
    for (; i < stepFloats; i++) {
      const o = <usize>i << 2;
      const hv = load<f32>(ht + o);
      store<f32>(dat + o, load<f32>(dht + o) * (1 - hv * hv));
    }
  }
  if (stopRequested()) return;
  const rows = T * B;
  // dWih = da^T · x over all T·B rows; dWhh = da[1:]^T · h[:-1]; db = Σ rows of da; dx = da · Wih.
  gemm(da, 4, rowBytes, x, In, dwih, In, H, rows, In, false);
  gemm(da + stepBytes, 4, rowBytes, h, H, dwhh, H, H, rows - B, H, false);
  gemm(da, rowBytes, 4, wih, In, dx, In, rows, H, In, false);
  columnSums(da, db, rows, H);
}

/** First free byte after the module's static data: the host lays its buffers out from here. */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------------------------------------------------
// Adam over n floats, in the order of operations of tfjs's AdamOptimizer (PyTorch's update, same algebra):
// m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;  w += −lr · (m / bc1) / (sqrt(v / bc2) + ε),
// with bc1 = 1 − β1^t and bc2 = 1 − β2^t computed by the host, and 1−β1, 1−β2 too: tfjs rounds the float64
// 1 − β to float32 (0.1 for β1 = 0.9), which is not the float32 difference 1 − f32(0.9); with the host's
// values every element equals tfjs's update bit for bit.
export function adamStep(
  w: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, beta1: f32, beta2: f32, oneMinusBeta1: f32, oneMinusBeta2: f32, eps: f32, bc1: f32, bc2: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const c1 = f32x4.splat(oneMinusBeta1);
  const c2 = f32x4.splat(oneMinusBeta2);
  const k1 = f32x4.splat(bc1);
  const k2 = f32x4.splat(bc2);
  const e = f32x4.splat(eps);
  const nlr = f32x4.splat(-lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gv = v128.load(g + o);
    const mv = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gv, c1));
    const vv = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gv, gv), c2));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const upd = f32x4.div(f32x4.div(mv, k1), f32x4.add(f32x4.sqrt(f32x4.div(vv, k2)), e));
    v128.store(w + o, f32x4.add(f32x4.mul(upd, nlr), v128.load(w + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gs = load<f32>(g + o);
    const ms = load<f32>(m + o) * beta1 + gs * oneMinusBeta1;
    const vs = load<f32>(v + o) * beta2 + gs * gs * oneMinusBeta2;
    store<f32>(m + o, ms);
    store<f32>(v + o, vs);
    store<f32>(w + o, (ms / bc1 / (Mathf.sqrt(vs / bc2) + eps)) * -lr + load<f32>(w + o));
  }
}
