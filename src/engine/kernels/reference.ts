/**
 * Plain-TypeScript RNN layer kernels: the readable, exact definition of one tanh layer's forward pass and
 * BPTT over a whole [T, B, In] sequence (see `types.ts` for layouts). Sums are accumulated in float64 and
 * stored as float32. The SIMD kernels (`wasm.ts`) are tested against these.
 */
import type { LayerForwardOut, LayerGrads, LayerShape, LayerWeights, RnnKernels } from './types';
import { throwIfStopped } from '../stop';

function checkShape(shape: LayerShape, w: LayerWeights, x: Float32Array): void {
  const { T, B, In, H } = shape;
  const want: Array<[string, number, number]> = [
    ['x', x.length, T * B * In],
    ['wih', w.wih.length, H * In],
    ['bih', w.bih.length, H],
    ['whh', w.whh.length, H * H],
    ['bhh', w.bhh.length, H],
  ];
  for (const [name, got, expected] of want) {
    if (got !== expected) {
      throw new Error(`reference kernel: ${name} has ${got} values, expected ${expected} for T=${T} B=${B} In=${In} H=${H}`);
    }
  }
}

/** h_t = tanh(x_t · Wih^T + bih + h_{t-1} · Whh^T + bhh), h_{-1} = 0. */
export function referenceLayerForward(shape: LayerShape, w: LayerWeights, x: Float32Array): LayerForwardOut {
  checkShape(shape, w, x);
  const { T, B, In, H } = shape;
  const h = new Float32Array(T * B * H);
  const pre = new Float32Array(T * B * H);
  for (let t = 0; t < T; t++) {
    throwIfStopped();
    for (let b = 0; b < B; b++) {
      const xo = (t * B + b) * In;
      const ho = (t * B + b) * H;
      const hp = ((t - 1) * B + b) * H;
      for (let j = 0; j < H; j++) {
        let s = w.bih[j] + w.bhh[j];
        const wo = j * In;
        for (let k = 0; k < In; k++) s += x[xo + k] * w.wih[wo + k];
        if (t > 0) {
          const ro = j * H;
          for (let k = 0; k < H; k++) s += h[hp + k] * w.whh[ro + k];
        }
        pre[ho + j] = s;
        h[ho + j] = Math.tanh(s);
      }
    }
  }
  return { h, pre };
}

/** BPTT: dh_t = dhOut_t + dpre_{t+1} · Whh, dpre_t = dh_t ⊙ (1 − h_t²); weight grads summed over t and b. */
export function referenceLayerBackward(
  shape: LayerShape,
  w: LayerWeights,
  x: Float32Array,
  h: Float32Array,
  dhOut: Float32Array,
): LayerGrads {
  checkShape(shape, w, x);
  const { T, B, In, H } = shape;
  if (h.length !== T * B * H || dhOut.length !== T * B * H) {
    throw new Error(`reference kernel: h (${h.length}) and dhOut (${dhOut.length}) must have T*B*H = ${T * B * H} values`);
  }
  const gwih = new Float64Array(H * In);
  const gwhh = new Float64Array(H * H);
  const gb = new Float64Array(H);
  const dx = new Float32Array(T * B * In);
  const dh = new Float32Array(T * B * H);
  // dpre of step t+1 for every batch row (float64 to keep the reference exact).
  let dpreNext = new Float64Array(B * H);
  let dpreCur = new Float64Array(B * H);
  const acc = new Float64Array(Math.max(H, In));
  for (let t = T - 1; t >= 0; t--) {
    throwIfStopped();
    for (let b = 0; b < B; b++) {
      const ho = (t * B + b) * H;
      const po = b * H;
      // dh_t = dhOut_t + Whh^T · dpre_{t+1}
      for (let k = 0; k < H; k++) acc[k] = dhOut[ho + k];
      if (t < T - 1) {
        for (let j = 0; j < H; j++) {
          const d = dpreNext[po + j];
          const ro = j * H;
          for (let k = 0; k < H; k++) acc[k] += d * w.whh[ro + k];
        }
      }
      for (let k = 0; k < H; k++) {
        dh[ho + k] = acc[k];
        const hv = h[ho + k];
        dpreCur[po + k] = acc[k] * (1 - hv * hv);
      }
      // weight gradients and dx
      const xo = (t * B + b) * In;
      const hp = ((t - 1) * B + b) * H;
      for (let k = 0; k < In; k++) acc[k] = 0;
      for (let j = 0; j < H; j++) {
        const d = dpreCur[po + j];
        gb[j] += d;
        const wo = j * In;
        for (let k = 0; k < In; k++) {
          gwih[wo + k] += d * x[xo + k];
          acc[k] += d * w.wih[wo + k];
        }
        if (t > 0) {
          const ro = j * H;
          for (let k = 0; k < H; k++) gwhh[ro + k] += d * h[hp + k];
        }
      }
      for (let k = 0; k < In; k++) dx[xo + k] = acc[k];
    }
    const tmp = dpreNext;
    dpreNext = dpreCur;
    dpreCur = tmp;
  }
  const bias = Float32Array.from(gb);
  return {
    wih: Float32Array.from(gwih),
    bih: bias,
    whh: Float32Array.from(gwhh),
    bhh: Float32Array.from(bias),
    dx,
    dh,
  };
}

/** Creates the plain-TS kernels. */
export function createReferenceKernels(): RnnKernels {
  return { name: 'reference', layerForward: referenceLayerForward, layerBackward: referenceLayerBackward };
}
