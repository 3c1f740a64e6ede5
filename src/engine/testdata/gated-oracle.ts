/**
 * Test-only float64 oracle of the classifier with PyTorch's LSTMCell / GRUCell, written from the PyTorch
 * documentation's equations independently of the engine (plain loops, batch 1, no kernels). Gradients come
 * from central finite differences, so they check the engine's analytic BPTT.
 */
import type { Readout } from '../unrolled-model';

export interface GatedOracleConfig {
  cell: 'lstm' | 'gru';
  vocabSize: number;
  embeddingDim: number;
  hiddenSize: number;
  numLayers: number;
  outputSize: number;
  seqLength: number;
}

type W = Record<string, number[]>;

/** A perturbation added inside the forward pass, to read ∂L/∂h_t, ∂L/∂c_t or ∂L/∂x_t by finite differences. */
export interface GatedNudge {
  h?: { layer: number; t: number; unit: number; eps: number };
  c?: { layer: number; t: number; unit: number; eps: number };
  x?: { t: number; d: number; eps: number };
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

/** Row r of W [rows, n] times v, plus b[r]. */
function row(W: number[], b: number[], v: number[], r: number): number {
  let s = b[r];
  for (let q = 0; q < v.length; q++) s += W[r * v.length + q] * v[q];
  return s;
}

export function gatedOracleForward(c: GatedOracleConfig, w: W, ids: number[], length: number, readout: Readout, label: number,
  nudge: GatedNudge = {}) {
  const { embeddingDim: D, hiddenSize: H, numLayers: L, outputSize: O } = c;
  const T = ids.length;
  const hidden: number[][][] = Array.from({ length: L }, () => []);
  const cells: number[][][] = Array.from({ length: L }, () => []);
  const hPrev: number[][] = Array.from({ length: L }, () => new Array<number>(H).fill(0));
  const cPrev: number[][] = Array.from({ length: L }, () => new Array<number>(H).fill(0));
  for (let t = 0; t < T; t++) {
    let input = w['embedding.weight'].slice(ids[t] * D, ids[t] * D + D);
    if (nudge.x && nudge.x.t === t) input[nudge.x.d] += nudge.x.eps;
    for (let k = 0; k < L; k++) {
      const Wi = w[`rnn_cells.${k}.weight_ih`];
      const Wh = w[`rnn_cells.${k}.weight_hh`];
      const bi = w[`rnn_cells.${k}.bias_ih`];
      const bh = w[`rnn_cells.${k}.bias_hh`];
      const hp = hPrev[k];
      const h = new Array<number>(H);
      const cs = new Array<number>(H).fill(0);
      for (let j = 0; j < H; j++) {
        if (c.cell === 'lstm') {
          const a = (g: number): number => row(Wi, bi, input, g * H + j) + row(Wh, bh, hp, g * H + j);
          cs[j] = sig(a(1)) * cPrev[k][j] + sig(a(0)) * Math.tanh(a(2));
        } else {
          const r = sig(row(Wi, bi, input, j) + row(Wh, bh, hp, j));
          const z = sig(row(Wi, bi, input, H + j) + row(Wh, bh, hp, H + j));
          const n = Math.tanh(row(Wi, bi, input, 2 * H + j) + r * row(Wh, bh, hp, 2 * H + j));
          h[j] = (1 - z) * n + z * hp[j];
        }
      }
      if (c.cell === 'lstm') {
        if (nudge.c && nudge.c.layer === k && nudge.c.t === t) cs[nudge.c.unit] += nudge.c.eps;
        for (let j = 0; j < H; j++) {
          const o = sig(row(Wi, bi, input, 3 * H + j) + row(Wh, bh, hp, 3 * H + j));
          h[j] = o * Math.tanh(cs[j]);
        }
      }
      if (nudge.h && nudge.h.layer === k && nudge.h.t === t) h[nudge.h.unit] += nudge.h.eps;
      hidden[k].push(h);
      cells[k].push(cs);
      hPrev[k] = h;
      cPrev[k] = cs;
      input = h;
    }
  }
  const top = hidden[L - 1];
  const len = Math.max(1, Math.min(T, length));
  let r: number[];
  if (readout === 'final') r = top[T - 1];
  else if (readout === 'last-token') r = top[len - 1];
  else {
    r = new Array<number>(H).fill(0);
    for (let t = 0; t < len; t++) for (let j = 0; j < H; j++) r[j] += top[t][j] / len;
  }
  const logits: number[] = [];
  for (let o = 0; o < O; o++) logits.push(row(w['fc_out.weight'], w['fc_out.bias'], r, o));
  const m = Math.max(...logits);
  const z = logits.reduce((a, v) => a + Math.exp(v - m), 0);
  return { hidden, cells, logits, loss: m + Math.log(z) - logits[label] };
}

/** Names and shapes as the nn.LSTMCell / nn.GRUCell state_dicts. */
export function gatedOracleShapes(c: GatedOracleConfig): Record<string, number[]> {
  const G = (c.cell === 'lstm' ? 4 : 3) * c.hiddenSize;
  const s: Record<string, number[]> = { 'embedding.weight': [c.vocabSize, c.embeddingDim] };
  for (let k = 0; k < c.numLayers; k++) {
    s[`rnn_cells.${k}.weight_ih`] = [G, k === 0 ? c.embeddingDim : c.hiddenSize];
    s[`rnn_cells.${k}.weight_hh`] = [G, c.hiddenSize];
    s[`rnn_cells.${k}.bias_ih`] = [G];
    s[`rnn_cells.${k}.bias_hh`] = [G];
  }
  s['fc_out.weight'] = [c.outputSize, c.hiddenSize];
  s['fc_out.bias'] = [c.outputSize];
  return s;
}

/** Random float32-exact weights from an LCG (independent of the engine's PRNG); embedding row 0 zero. */
export function gatedOracleWeights(c: GatedOracleConfig, seed: number, scale = 0.6): W {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const w: W = {};
  for (const [n, shape] of Object.entries(gatedOracleShapes(c))) {
    w[n] = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.fround((rnd() * 2 - 1) * scale));
  }
  w['embedding.weight'].fill(0, 0, c.embeddingDim);
  return w;
}

const EPS = 1e-6;

/** Finite-difference gradients: every parameter, ‖∂L/∂h_t‖ and (LSTM) ‖∂L/∂c_t‖ per layer/t, ‖∂L/∂x_t‖ per t. */
export function gatedOracleGradients(c: GatedOracleConfig, w: W, ids: number[], length: number, readout: Readout, label: number) {
  const loss = (n: GatedNudge = {}): number => gatedOracleForward(c, w, ids, length, readout, label, n).loss;
  const grads: Record<string, number[]> = {};
  for (const n of Object.keys(gatedOracleShapes(c))) {
    const a = w[n];
    grads[n] = a.map((v, i) => {
      a[i] = v + EPS;
      const lp = loss();
      a[i] = v - EPS;
      const lm = loss();
      a[i] = v;
      return (lp - lm) / (2 * EPS);
    });
    if (n === 'embedding.weight') grads[n].fill(0, 0, c.embeddingDim); // padding_idx=0
  }
  const T = ids.length;
  const norm = (nudge: (u: number, eps: number) => GatedNudge, units: number): number => {
    let sq = 0;
    for (let u = 0; u < units; u++) sq += ((loss(nudge(u, EPS)) - loss(nudge(u, -EPS))) / (2 * EPS)) ** 2;
    return Math.sqrt(sq);
  };
  const hiddenGradNorm: number[][] = [];
  const cellGradNorm: number[][] = [];
  for (let k = 0; k < c.numLayers; k++) {
    hiddenGradNorm.push(Array.from({ length: T }, (_, t) => norm((unit, eps) => ({ h: { layer: k, t, unit, eps } }), c.hiddenSize)));
    if (c.cell === 'lstm') cellGradNorm.push(Array.from({ length: T }, (_, t) => norm((unit, eps) => ({ c: { layer: k, t, unit, eps } }), c.hiddenSize)));
  }
  const inputGradNorm = Array.from({ length: T }, (_, t) => norm((d, eps) => ({ x: { t, d, eps } }), c.embeddingDim));
  return { grads, hiddenGradNorm, cellGradNorm, inputGradNorm };
}
