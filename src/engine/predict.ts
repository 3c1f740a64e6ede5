/**
 * Everything the visualizer shows for one review: forward and backward of a single sequence with every
 * snapshot (hidden, pre-activation and its two terms, ∂L/∂h_t and its norms, ‖∂L/∂x_t‖), the running
 * P(positive) as if the review ended at each t, and each token's contribution to logit₁ − logit₀.
 */
import { gradNorms } from './clip';
import { getKernels } from './kernels/index';
import type { RnnKernels } from './kernels/types';
import { linear, unrolledForward } from './unrolled-forward';
import { unrolledBackward, unrolledBackwardFromLogits } from './unrolled-backward';
import { type Readout, type UnrolledModel, type WeightMap, cellOf } from './unrolled-model';
import { candidateParts } from './cells/snapshot';
import { softmaxRows } from './softmax';
import type { CellType } from './cells/types';

/** Options for `predictIds`. */
export interface PredictOptions {
  /** Class the loss (and so the gradients) is computed against; default the predicted class, as the notebook. */
  target?: number;
  /** Positions to run (ids padded with 0 / truncated); default the model's seqLength. */
  seqLength?: number;
  kernels?: RnnKernels;
  /** Truncated BPTT for the loss's gradients (‖∂L/∂h_t‖ shows the cut); the saliency stays full. 0 = full. */
  truncateBptt?: number;
  /**
   * Compute the running P(positive) and the per-token contribution (default true). The what-if re-run turns
   * them off: with the `final` readout the running probability is a forward pass per token, ~100× the rest.
   * Off, `runningProb` holds the prediction at every t and `contribution` zeros.
   */
  extras?: boolean;
}

/** One sequence, fully recorded. Per-layer blocks are flat [layer][t][unit]. */
export interface PredictSnapshot {
  ids: Int32Array;
  /** Real tokens (clamped to 0..T). */
  length: number;
  readout: Readout;
  /** The model's cell (tanh, gru, lstm). */
  cellType: CellType;
  layers: number;
  steps: number;
  units: number;
  /** h_t, [L][T][H]. */
  hidden: Float32Array;
  /** i2h(x_t) + h2h(h_{t-1}) before tanh, [L][T][H]; for a gated cell the candidate's (LSTM g, GRU n) tanh argument. */
  pre: Float32Array;
  /** Gated cells: the activated gates [L][T][G·H] (LSTM i, f, g, o; GRU r, z, n blocks per step). */
  gates?: Float32Array;
  /** LSTM: c_t [L][T][H]. */
  cell?: Float32Array;
  /** LSTM: ‖∂L/∂c_t‖ [L][T]. */
  cellGradNorm?: Float32Array;
  /** i2h(x_t) with its bias, [L][T][H] (gated: the candidate's input term W_i· x_t + b_i·). */
  inputPart: Float32Array;
  /** h2h(h_{t-1}) with its bias, [L][T][H] (gated: LSTM W_hg h_{t−1} + b_hg; GRU r ⊙ (W_hn h_{t−1} + b_hn)). */
  recurrentPart: Float32Array;
  /** ∂L/∂h_t, [L][T][H]. */
  hiddenGrad: Float32Array;
  /** ‖∂L/∂h_t‖, [L][T]. */
  hiddenGradNorm: Float32Array;
  /** ‖∂L/∂x_t‖ at the embedding output, [T]. */
  inputGradNorm: Float32Array;
  /**
   * P(class 1) had the review ended at t, [T]: the model's real output on ids[0..t] padded with 0 to T
   * (for `final` that includes the pad steps it runs after the words); from t = length − 1 on, `probs[1]`.
   */
  runningProb: Float32Array;
  /** Σ_d x_t,d · ∂(logit₁ − logit₀)/∂x_t,d (gradient × input), [T]; positive pushes toward class 1. */
  contribution: Float32Array;
  logits: number[];
  probs: number[];
  predicted: number;
  target: number;
  loss: number;
  /** Gradients of the loss (same layout as the weights) and their norms. */
  grads: WeightMap;
  gradNormPerParam: Record<string, number>;
  gradNormTotal: number;
}

/** Forward + backward of one sequence with every snapshot (targeted ≤ 30 ms for 100 tokens). */
export function predictIds(
  model: UnrolledModel,
  ids: ArrayLike<number>,
  length: number,
  readout: Readout = 'final',
  options: PredictOptions = {},
): PredictSnapshot {
  const { embeddingDim: D, hiddenSize: H, numLayers: L, outputSize: O } = model.config;
  const T = options.seqLength ?? model.config.seqLength;
  const kernels = options.kernels ?? getKernels();
  const padded = new Int32Array(T);
  for (let t = 0; t < Math.min(T, ids.length); t++) padded[t] = ids[t];
  const len = Math.max(0, Math.min(T, Math.floor(length)));
  const batch = { ids: padded, lengths: Int32Array.of(len), batchSize: 1, seqLength: T };
  const fwd = unrolledForward(model, batch, readout, kernels);
  const logits = Array.from(fwd.logits);
  const probs = Array.from(fwd.probs);
  let predicted = 0;
  for (let c = 1; c < O; c++) if (logits[c] > logits[predicted]) predicted = c;
  const target = options.target ?? predicted;
  const bwd = unrolledBackward(model, fwd, [target], kernels, { truncateBptt: options.truncateBptt });

  // saliency: backward of logit₁ − logit₀ (linear in dlogits, so a second pass with [−1, +1])
  const dl = new Float32Array(O);
  if (O >= 2) {
    dl[0] = -1;
    dl[1] = 1;
  } else {
    dl[0] = 1;
  }
  const extras = options.extras ?? true;
  const contribution = new Float32Array(T);
  const sal = extras ? unrolledBackwardFromLogits(model, fwd, dl, kernels) : null;
  for (let t = 0; t < T && sal; t++) {
    let s = 0;
    for (let d = 0; d < D; d++) s += fwd.x[t * D + d] * sal.dx[t * D + d];
    contribution[t] = s;
  }

  // stacked per-layer blocks and the two terms of the pre-activation
  const hidden = new Float32Array(L * T * H);
  const pre = new Float32Array(L * T * H);
  const inputPart = new Float32Array(L * T * H);
  const recurrentPart = new Float32Array(L * T * H);
  const hiddenGrad = new Float32Array(L * T * H);
  const hiddenGradNorm = new Float32Array(L * T);
  const cell = cellOf(model.config);
  const gated = cell !== 'tanh';
  for (let k = 0; k < L && gated; k++) {
    const parts = candidateParts(model, k, k === 0 ? fwd.x : fwd.layers[k - 1].h, fwd.layers[k], T);
    hidden.set(fwd.layers[k].h, k * T * H);
    pre.set(parts.pre, k * T * H);
    inputPart.set(parts.inputPart, k * T * H);
    recurrentPart.set(parts.recurrentPart, k * T * H);
    hiddenGrad.set(bwd.dh[k], k * T * H);
    hiddenGradNorm.set(bwd.hiddenGradNorm[k], k * T);
  }
  for (let k = 0; k < L && !gated; k++) {
    const w = model.weights;
    // h2h(h_{t-1}) + bhh computed directly; i2h(x_t) + bih as pre − that (so the two terms add up to pre exactly
    // as shown, and the larger input projection is not computed twice)
    const hPrev = new Float32Array(T * H);
    hPrev.set(fwd.layers[k].h.subarray(0, (T - 1) * H), H);
    const rp = linear(hPrev, T, w[`rnn_cells.${k}.h2h.weight`], w[`rnn_cells.${k}.h2h.bias`], H, H);
    const preK = fwd.layers[k].pre;
    const ip = new Float32Array(T * H);
    for (let i = 0; i < ip.length; i++) ip[i] = preK[i] - rp[i];
    hidden.set(fwd.layers[k].h, k * T * H);
    pre.set(fwd.layers[k].pre, k * T * H);
    inputPart.set(ip, k * T * H);
    recurrentPart.set(rp, k * T * H);
    hiddenGrad.set(bwd.dh[k], k * T * H);
    hiddenGradNorm.set(bwd.hiddenGradNorm[k], k * T);
  }

  const runningProb = extras
    ? runningPositive(model, padded, len, readout, fwd.layers[L - 1].h, probs, kernels)
    : new Float32Array(T).fill(probs[Math.min(1, O - 1)]);

  const norms = gradNorms(bwd.grads);
  return {
    ids: padded,
    length: len,
    readout,
    cellType: cell,
    layers: L,
    steps: T,
    units: H,
    hidden,
    pre,
    inputPart,
    recurrentPart,
    hiddenGrad,
    hiddenGradNorm,
    inputGradNorm: bwd.inputGradNorm,
    runningProb,
    contribution,
    logits,
    probs,
    predicted,
    target,
    loss: bwd.loss,
    grads: bwd.grads,
    gradNormPerParam: norms.perParam,
    gradNormTotal: norms.total,
    ...(gated ? stackGated(fwd.layers, bwd.cellGradNorm, T) : {}),
  };
}

/** The gates, c_t and ‖∂L/∂c_t‖ of every layer stacked [L][T][·]. */
function stackGated(layers: Array<{ gates?: Float32Array; c?: Float32Array }>, cellGradNorm: Float32Array[], T: number) {
  const cat = (parts: Float32Array[]): Float32Array => {
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  const out: { gates: Float32Array; cell?: Float32Array; cellGradNorm?: Float32Array } = { gates: cat(layers.map((l) => l.gates ??
    new Float32Array(0))) };
  if (layers[0]?.c) {
    out.cell = cat(layers.map((l) => l.c ?? new Float32Array(0)));
    out.cellGradNorm = cat(cellGradNorm.length ? cellGradNorm : layers.map(() => new Float32Array(T)));
  }
  return out;
}

/**
 * The running P(class 1): at t < len − 1 the model's output on the review truncated after token t (ids[0..t],
 * then padding id 0 up to T, length t + 1); at t ≥ len − 1 the prediction itself. `last-token` and `mean`
 * read only states up to the end of the review, which a causal RNN computes the same with or without the
 * later tokens, so the states of the one forward pass give them exactly; `final` reads the state after the
 * pad steps that follow the truncation, so its truncations run as one batched forward of len − 1 rows.
 */
function runningPositive(
  model: UnrolledModel, padded: Int32Array, len: number, readout: Readout, top: Float32Array, probs: number[], kernels: RnnKernels,
): Float32Array {
  const { hiddenSize: H, outputSize: O } = model.config;
  const T = padded.length;
  const pos = Math.min(1, O - 1);
  const running = new Float32Array(T).fill(probs[pos]);
  const rows = Math.max(0, len - 1); // truncations after t = 0 … len − 2
  if (rows === 0) return running;
  if (readout === 'final') {
    const ids = new Int32Array(rows * T);
    const lengths = new Int32Array(rows);
    for (let t = 0; t < rows; t++) {
      ids.set(padded.subarray(0, t + 1), t * T);
      lengths[t] = t + 1;
    }
    const f = unrolledForward(model, { ids, lengths, batchSize: rows, seqLength: T }, readout, kernels);
    for (let t = 0; t < rows; t++) running[t] = f.probs[t * O + pos];
    return running;
  }
  // the readout state of the truncation after t, from the full pass's top-layer states (same summation as readoutState)
  const states = new Float32Array(rows * H);
  const acc = new Float64Array(H);
  for (let t = 0; t < rows; t++) {
    if (readout === 'last-token') {
      states.set(top.subarray(t * H, t * H + H), t * H);
    } else {
      for (let j = 0; j < H; j++) acc[j] += top[t * H + j];
      for (let j = 0; j < H; j++) states[t * H + j] = acc[j] / (t + 1);
    }
  }
  const logits = linear(states, rows, model.weights['fc_out.weight'], model.weights['fc_out.bias'], H, O);
  const p = softmaxRows(logits, rows, O);
  for (let t = 0; t < rows; t++) running[t] = p[t * O + pos];
  return running;
}
