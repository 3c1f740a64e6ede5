/**
 * Test-only float64 oracle of the notebook's UnrolledRNN, written independently of the engine (plain loops,
 * batch 1, no kernels). Gradients come from central finite differences in float64, so they check the
 * engine's analytic BPTT. `buildOracleFixture` writes a fixture in the PyTorch fixtures' format for any sizes.
 */
import type { Readout } from '../unrolled-model';

export interface OracleConfig {
  vocabSize: number;
  embeddingDim: number;
  hiddenSize: number;
  numLayers: number;
  outputSize: number;
  seqLength: number;
}

type W = Record<string, number[]>;

/** Perturbations added inside the forward pass (for ∂L/∂h_t and ∂L/∂x_t by finite differences). */
interface Nudge {
  h?: { layer: number; t: number; unit: number; eps: number };
  x?: { t: number; d: number; eps: number };
}

export interface OracleResult {
  hidden: number[][][];
  logits: number[];
  probs: number[];
  loss: number;
}

export function oracleForward(c: OracleConfig, w: W, ids: number[], length: number, readout: Readout, label: number,
  nudge: Nudge = {}): OracleResult {
  const { embeddingDim: D, hiddenSize: H, numLayers: L, outputSize: O } = c;
  const T = ids.length;
  const hidden: number[][][] = Array.from({ length: L }, () => []);
  const prev: number[][] = Array.from({ length: L }, () => new Array<number>(H).fill(0));
  for (let t = 0; t < T; t++) {
    let input = w['embedding.weight'].slice(ids[t] * D, ids[t] * D + D);
    if (nudge.x && nudge.x.t === t) input[nudge.x.d] += nudge.x.eps;
    for (let k = 0; k < L; k++) {
      const In = input.length;
      const Wi = w[`rnn_cells.${k}.i2h.weight`];
      const bi = w[`rnn_cells.${k}.i2h.bias`];
      const Wh = w[`rnn_cells.${k}.h2h.weight`];
      const bh = w[`rnn_cells.${k}.h2h.bias`];
      const h = new Array<number>(H);
      for (let j = 0; j < H; j++) {
        let s = bi[j] + bh[j];
        for (let q = 0; q < In; q++) s += Wi[j * In + q] * input[q];
        for (let q = 0; q < H; q++) s += Wh[j * H + q] * prev[k][q];
        h[j] = Math.tanh(s);
      }
      if (nudge.h && nudge.h.layer === k && nudge.h.t === t) h[nudge.h.unit] += nudge.h.eps;
      hidden[k].push(h);
      prev[k] = h;
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
  for (let o = 0; o < O; o++) {
    let s = w['fc_out.bias'][o];
    for (let j = 0; j < H; j++) s += w['fc_out.weight'][o * H + j] * r[j];
    logits.push(s);
  }
  const m = Math.max(...logits);
  const z = logits.reduce((a, v) => a + Math.exp(v - m), 0);
  const probs = logits.map((v) => Math.exp(v - m) / z);
  return { hidden, logits, probs, loss: m + Math.log(z) - logits[label] };
}

export function oracleNames(c: OracleConfig): string[] {
  const n = ['embedding.weight'];
  for (let k = 0; k < c.numLayers; k++) n.push(`rnn_cells.${k}.i2h.weight`, `rnn_cells.${k}.i2h.bias`, `rnn_cells.${k}.h2h.weight`, `rnn_cells.${k}.h2h.bias`);
  n.push('fc_out.weight', 'fc_out.bias');
  return n;
}

export function oracleShapes(c: OracleConfig): Record<string, number[]> {
  const s: Record<string, number[]> = { 'embedding.weight': [c.vocabSize, c.embeddingDim] };
  for (let k = 0; k < c.numLayers; k++) {
    s[`rnn_cells.${k}.i2h.weight`] = [c.hiddenSize, k === 0 ? c.embeddingDim : c.hiddenSize];
    s[`rnn_cells.${k}.i2h.bias`] = [c.hiddenSize];
    s[`rnn_cells.${k}.h2h.weight`] = [c.hiddenSize, c.hiddenSize];
    s[`rnn_cells.${k}.h2h.bias`] = [c.hiddenSize];
  }
  s['fc_out.weight'] = [c.outputSize, c.hiddenSize];
  s['fc_out.bias'] = [c.outputSize];
  return s;
}

/** Random weights (an LCG, independent of the engine's PRNG), embedding row 0 zero; values are float32-exact. */
export function oracleWeights(c: OracleConfig, seed: number, scale = 0.6): W {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const w: W = {};
  const shapes = oracleShapes(c);
  for (const n of oracleNames(c)) {
    const size = shapes[n].reduce((a, b) => a * b, 1);
    w[n] = Array.from({ length: size }, () => Math.fround((rnd() * 2 - 1) * scale));
  }
  w['embedding.weight'].fill(0, 0, c.embeddingDim);
  return w;
}

const EPS = 1e-6;

/** Everything a fixture case expects, by float64 finite differences. */
export function oracleCase(c: OracleConfig, w: W, ids: number[], length: number, readout: Readout, label: number): Record<string, unknown> {
  const base = oracleForward(c, w, ids, length, readout, label);
  const f = (): number => oracleForward(c, w, ids, length, readout, label).loss;
  const grads: Record<string, { shape: number[]; data: number[] }> = {};
  const gradNormPerParam: Record<string, number> = {};
  const shapes = oracleShapes(c);
  for (const n of oracleNames(c)) {
    const a = w[n];
    const g = a.map((v, i) => {
      a[i] = v + EPS;
      const lp = f();
      a[i] = v - EPS;
      const lm = f();
      a[i] = v;
      return (lp - lm) / (2 * EPS);
    });
    if (n === 'embedding.weight') g.fill(0, 0, c.embeddingDim); // padding_idx=0: the pad row gets no gradient
    grads[n] = { shape: shapes[n], data: g };
    gradNormPerParam[n] = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
  }
  const T = ids.length;
  const hiddenGradNorm: number[][] = [];
  for (let k = 0; k < c.numLayers; k++) {
    const row: number[] = [];
    for (let t = 0; t < T; t++) {
      let sq = 0;
      for (let u = 0; u < c.hiddenSize; u++) {
        const lp = oracleForward(c, w, ids, length, readout, label, { h: { layer: k, t, unit: u, eps: EPS } }).loss;
        const lm = oracleForward(c, w, ids, length, readout, label, { h: { layer: k, t, unit: u, eps: -EPS } }).loss;
        sq += ((lp - lm) / (2 * EPS)) ** 2;
      }
      row.push(Math.sqrt(sq));
    }
    hiddenGradNorm.push(row);
  }
  const inputGradNorm: number[] = [];
  for (let t = 0; t < T; t++) {
    let sq = 0;
    for (let d = 0; d < c.embeddingDim; d++) {
      const lp = oracleForward(c, w, ids, length, readout, label, { x: { t, d, eps: EPS } }).loss;
      const lm = oracleForward(c, w, ids, length, readout, label, { x: { t, d, eps: -EPS } }).loss;
      sq += ((lp - lm) / (2 * EPS)) ** 2;
    }
    inputGradNorm.push(Math.sqrt(sq));
  }
  return { ids, length, readout, label, expected: { ...base, grads, gradNormPerParam, hiddenGradNorm, inputGradNorm } };
}

/** A whole fixture (checkpoint + cases + clip) of the given sizes. */
export function buildOracleFixture(
  c: OracleConfig, seed: number, cases: Array<{ ids: number[]; length: number; readout: Readout; label: number }>, maxNorm: number,
): Record<string, unknown> {
  const w = oracleWeights(c, seed);
  const shapes = oracleShapes(c);
  const weights: Record<string, { shape: number[]; data: number[] }> = {};
  for (const n of oracleNames(c)) weights[n] = { shape: shapes[n], data: [...w[n]] };
  const vocab = ['<PAD>', ...Array.from({ length: c.vocabSize - 1 }, (_, i) => `w${i + 1}`)];
  const built = cases.map((k) => oracleCase(c, w, k.ids, k.length, k.readout, k.label));
  const g0 = (built[0].expected as { grads: Record<string, { shape: number[]; data: number[] }> }).grads;
  const total = Math.sqrt(Object.values(g0).reduce((s, g) => s + g.data.reduce((a, v) => a + v * v, 0), 0));
  const coef = Math.min(1, maxNorm / (total + 1e-6));
  const clippedGrads: Record<string, { shape: number[]; data: number[] }> = {};
  for (const [n, g] of Object.entries(g0)) clippedGrads[n] = { shape: g.shape, data: g.data.map((v) => v * coef) };
  return {
    about: 'float64 finite-difference oracle (test only)',
    checkpoint: { format: 'unrolled-checkpoint', version: 1, model: { kind: 'unrolled-rnn', ...c }, vocab, weights },
    cases: built,
    clip: { maxNorm, totalNormBefore: total, clippedGrads },
  };
}
