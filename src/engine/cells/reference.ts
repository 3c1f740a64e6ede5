/**
 * Plain-TypeScript LSTM and GRU layers (see `types.ts`): the exact definition the SIMD kernels are tested
 * against. Sums are accumulated in float64, every stored value is float32.
 */
import type { LayerShape, LayerWeights } from '../kernels/types';
import { throwIfStopped } from '../stop';
import { type CellKernels, type GatedCell, type GatedForwardOut, type GatedGrads, checkGatedShape } from './types';

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** s[r] = b[r] + Σ_k W[r, k] v[k] for rows r of W [rows, n], v at offset vo. */
function affine(out: Float64Array, W: Float32Array, b: Float32Array | null, v: Float32Array | null, vo: number, rows: number,
  n: number): void {
  for (let r = 0; r < rows; r++) {
    let s = b ? b[r] : 0;
    if (v) {
      const wo = r * n;
      for (let k = 0; k < n; k++) s += W[wo + k] * v[vo + k];
    }
    out[r] = s;
  }
}

export function referenceLstmForward(shape: LayerShape, w: LayerWeights, x: Float32Array): GatedForwardOut {
  checkGatedShape('reference cell kernel', 'lstm', shape, w, x);
  const { T, B, In, H } = shape;
  const G = 4 * H;
  const h = new Float32Array(T * B * H);
  const c = new Float32Array(T * B * H);
  const gates = new Float32Array(T * B * G);
  const ax = new Float64Array(G);
  const ah = new Float64Array(G);
  for (let t = 0; t < T; t++) {
    throwIfStopped();
    for (let b = 0; b < B; b++) {
      const ho = (t * B + b) * H;
      const hp = ((t - 1) * B + b) * H;
      const go = (t * B + b) * G;
      affine(ax, w.wih, w.bih, x, (t * B + b) * In, G, In);
      affine(ah, w.whh, w.bhh, t > 0 ? h : null, hp, G, H);
      for (let j = 0; j < H; j++) {
        const i = Math.fround(sigmoid(ax[j] + ah[j]));
        const f = Math.fround(sigmoid(ax[H + j] + ah[H + j]));
        const g = Math.fround(Math.tanh(ax[2 * H + j] + ah[2 * H + j]));
        const o = Math.fround(sigmoid(ax[3 * H + j] + ah[3 * H + j]));
        gates[go + j] = i;
        gates[go + H + j] = f;
        gates[go + 2 * H + j] = g;
        gates[go + 3 * H + j] = o;
        const cv = Math.fround((t > 0 ? f * c[hp + j] : 0) + i * g);
        c[ho + j] = cv;
        h[ho + j] = o * Math.tanh(cv);
      }
    }
  }
  return { h, gates, c };
}

export function referenceGruForward(shape: LayerShape, w: LayerWeights, x: Float32Array): GatedForwardOut {
  checkGatedShape('reference cell kernel', 'gru', shape, w, x);
  const { T, B, In, H } = shape;
  const G = 3 * H;
  const h = new Float32Array(T * B * H);
  const hn = new Float32Array(T * B * H);
  const gates = new Float32Array(T * B * G);
  const ax = new Float64Array(G);
  const ah = new Float64Array(G);
  for (let t = 0; t < T; t++) {
    throwIfStopped();
    for (let b = 0; b < B; b++) {
      const ho = (t * B + b) * H;
      const hp = ((t - 1) * B + b) * H;
      const go = (t * B + b) * G;
      affine(ax, w.wih, w.bih, x, (t * B + b) * In, G, In);
      affine(ah, w.whh, w.bhh, t > 0 ? h : null, hp, G, H);
      for (let j = 0; j < H; j++) {
        const r = Math.fround(sigmoid(ax[j] + ah[j]));
        const z = Math.fround(sigmoid(ax[H + j] + ah[H + j]));
        const hnv = Math.fround(ah[2 * H + j]);
        const n = Math.fround(Math.tanh(ax[2 * H + j] + r * hnv));
        gates[go + j] = r;
        gates[go + H + j] = z;
        gates[go + 2 * H + j] = n;
        hn[ho + j] = hnv;
        h[ho + j] = (1 - z) * n + (t > 0 ? z * h[hp + j] : 0);
      }
    }
  }
  return { h, gates, hn };
}

/** Weight gradients and dx from the per-row gate gradients (shared by both cells). */
class GradAccumulator {
  readonly gwih: Float64Array;
  readonly gwhh: Float64Array;
  readonly gbih: Float64Array;
  readonly gbhh: Float64Array;
  readonly dx: Float32Array;
  private readonly acc: Float64Array;

  constructor(private readonly shape: LayerShape, private readonly G: number, private readonly w: LayerWeights) {
    const { T, B, In, H } = shape;
    this.gwih = new Float64Array(G * In);
    this.gwhh = new Float64Array(G * H);
    this.gbih = new Float64Array(G);
    this.gbhh = new Float64Array(G);
    this.dx = new Float32Array(T * B * In);
    this.acc = new Float64Array(In);
  }

  /** Adds one (t, b) row: dax = ∂L/∂(x W_ih^T + b_ih), dah = ∂L/∂(h W_hh^T + b_hh). */
  add(t: number, b: number, dax: Float64Array, dah: Float64Array, x: Float32Array, h: Float32Array): void {
    const { B, In, H } = this.shape;
    const xo = (t * B + b) * In;
    const hp = ((t - 1) * B + b) * H;
    const acc = this.acc;
    acc.fill(0);
    for (let r = 0; r < this.G; r++) {
      const d = dax[r];
      this.gbih[r] += d;
      this.gbhh[r] += dah[r];
      const wo = r * In;
      for (let k = 0; k < In; k++) {
        this.gwih[wo + k] += d * x[xo + k];
        acc[k] += d * this.w.wih[wo + k];
      }
      if (t > 0) {
        const e = dah[r];
        const ro = r * H;
        for (let k = 0; k < H; k++) this.gwhh[ro + k] += e * h[hp + k];
      }
    }
    for (let k = 0; k < In; k++) this.dx[xo + k] = acc[k];
  }
}

/** dst[k] += Σ_r dah[r] W_hh[r, k]: the gradient a step sends to h_{t−1} through W_hh. */
function throughWhh(dst: Float64Array, dah: Float64Array, whh: Float32Array, G: number, H: number): void {
  for (let r = 0; r < G; r++) {
    const d = dah[r];
    const ro = r * H;
    for (let k = 0; k < H; k++) dst[k] += d * whh[ro + k];
  }
}

function checkBackward(shape: LayerShape, h: Float32Array, dhOut: Float32Array): void {
  const n = shape.T * shape.B * shape.H;
  if (h.length !== n || dhOut.length !== n) {
    throw new Error(`reference cell kernel: h (${h.length}) and dhOut (${dhOut.length}) must have T*B*H = ${n} values`);
  }
}

export function referenceLstmBackward(shape: LayerShape, w: LayerWeights, x: Float32Array, fwd: GatedForwardOut,
  dhOut: Float32Array): GatedGrads {
  checkGatedShape('reference cell kernel', 'lstm', shape, w, x);
  checkBackward(shape, fwd.h, dhOut);
  if (!fwd.c) throw new Error('reference cell kernel: the LSTM backward needs the forward cell states c');
  const { T, B, H } = shape;
  const G = 4 * H;
  const { h, c, gates } = fwd as Required<GatedForwardOut>;
  const dh = new Float32Array(T * B * H);
  const dc = new Float32Array(T * B * H);
  const acc = new GradAccumulator(shape, G, w);
  // Per batch row: what step t+1 sends to h_t (through W_hh) and to c_t (through f).
  const carryH = Array.from({ length: B }, () => new Float64Array(H));
  const carryC = Array.from({ length: B }, () => new Float64Array(H));
  const da = new Float64Array(G);
  for (let t = T - 1; t >= 0; t--) {
    throwIfStopped();
    for (let b = 0; b < B; b++) {
      const ho = (t * B + b) * H;
      const hp = ((t - 1) * B + b) * H;
      const go = (t * B + b) * G;
      const ch = carryH[b];
      const cc = carryC[b];
      for (let j = 0; j < H; j++) {
        const i = gates[go + j];
        const f = gates[go + H + j];
        const g = gates[go + 2 * H + j];
        const o = gates[go + 3 * H + j];
        const dht = dhOut[ho + j] + ch[j];
        const tc = Math.tanh(c[ho + j]);
        const dct = cc[j] + dht * o * (1 - tc * tc);
        dh[ho + j] = dht;
        dc[ho + j] = dct;
        const cPrev = t > 0 ? c[hp + j] : 0;
        da[j] = dct * g * i * (1 - i);
        da[H + j] = dct * cPrev * f * (1 - f);
        da[2 * H + j] = dct * i * (1 - g * g);
        da[3 * H + j] = dht * tc * o * (1 - o);
        cc[j] = dct * f;
      }
      acc.add(t, b, da, da, x, h);
      ch.fill(0);
      throughWhh(ch, da, w.whh, G, H);
    }
  }
  const bih = Float32Array.from(acc.gbih);
  return { wih: Float32Array.from(acc.gwih), bih, whh: Float32Array.from(acc.gwhh), bhh: Float32Array.from(bih), dx: acc.dx, dh, dc };
}

export function referenceGruBackward(shape: LayerShape, w: LayerWeights, x: Float32Array, fwd: GatedForwardOut,
  dhOut: Float32Array): GatedGrads {
  checkGatedShape('reference cell kernel', 'gru', shape, w, x);
  checkBackward(shape, fwd.h, dhOut);
  if (!fwd.hn) throw new Error('reference cell kernel: the GRU backward needs the forward W_hn h + b_hn');
  const { T, B, H } = shape;
  const G = 3 * H;
  const { h, hn, gates } = fwd as Required<GatedForwardOut>;
  const dh = new Float32Array(T * B * H);
  const acc = new GradAccumulator(shape, G, w);
  const carry = Array.from({ length: B }, () => new Float64Array(H));
  const dax = new Float64Array(G);
  const dah = new Float64Array(G);
  for (let t = T - 1; t >= 0; t--) {
    throwIfStopped();
    for (let b = 0; b < B; b++) {
      const ho = (t * B + b) * H;
      const hp = ((t - 1) * B + b) * H;
      const go = (t * B + b) * G;
      const ch = carry[b];
      for (let j = 0; j < H; j++) {
        const r = gates[go + j];
        const z = gates[go + H + j];
        const n = gates[go + 2 * H + j];
        const dht = dhOut[ho + j] + ch[j];
        dh[ho + j] = dht;
        const hPrev = t > 0 ? h[hp + j] : 0;
        const dn = dht * (1 - z) * (1 - n * n);
        const dz = dht * (hPrev - n) * z * (1 - z);
        const dr = dn * hn[ho + j] * r * (1 - r);
        dax[j] = dr;
        dax[H + j] = dz;
        dax[2 * H + j] = dn;
        dah[j] = dr;
        dah[H + j] = dz;
        dah[2 * H + j] = dn * r;
        ch[j] = dht * z;
      }
      acc.add(t, b, dax, dah, x, h);
      throughWhh(ch, dah, w.whh, G, H);
    }
  }
  return {
    wih: Float32Array.from(acc.gwih),
    bih: Float32Array.from(acc.gbih),
    whh: Float32Array.from(acc.gwhh),
    bhh: Float32Array.from(acc.gbhh),
    dx: acc.dx,
    dh,
  };
}

/** The plain-TS gated-cell kernels. */
export function createReferenceCellKernels(): CellKernels {
  return {
    name: 'reference',
    forward: (cell: GatedCell, shape, w, x) => (cell === 'lstm' ? referenceLstmForward(shape, w, x) : referenceGruForward(shape, w, x)),
    backward: (cell: GatedCell, shape, w, x, fwd, dhOut) =>
      cell === 'lstm' ? referenceLstmBackward(shape, w, x, fwd, dhOut) : referenceGruBackward(shape, w, x, fwd, dhOut),
  };
}
