/**
 * Backward pass (BPTT) of the UnrolledRNN: every parameter's gradient laid out like its weight, the embedding
 * gradient as a scatter-add over the rows used (pad row 0 gets none, as PyTorch `padding_idx=0`), and the
 * vanishing-gradient picture: ‖∂L/∂h_t‖ per layer and t, ‖∂L/∂x_t‖ per t.
 */
import { getKernels } from './kernels/index';
import type { RnnKernels } from './kernels/types';
import { crossEntropyMean } from './softmax';
import { effectiveLength, type UnrolledForwardResult } from './unrolled-forward';
import { cellOf, layerShape, layerWeights, type UnrolledModel, type WeightMap, unrolledWeightNames } from './unrolled-model';
import { getCellKernels } from './cells/index';
import type { CellKernels } from './cells/types';
import { truncatedLayerBackward, validateTruncation } from './truncate';

/** Everything the backward pass computed. */
export interface UnrolledBackwardResult {
  /** Mean cross-entropy over the batch (NaN when backpropagating a given logit gradient). */
  loss: number;
  /** ∂L/∂weight for every weight name, same layout as the weight. */
  grads: WeightMap;
  /** Per layer, ∂L/∂h_t time-major [T, B, H] (all paths: readout, layer above and through time). */
  dh: Float32Array[];
  /** ∂L/∂x_t at the embedding output, time-major [T, B, D]. */
  dx: Float32Array;
  /** Per layer, ‖∂L/∂h_t‖ per t (the norm over the whole batch's [B, H] block); empty if `norms: false`. */
  hiddenGradNorm: Float32Array[];
  /** LSTM: per layer, total ∂L/∂c_t time-major [T, B, H]; empty for the other cells. */
  dc: Float32Array[];
  /** LSTM: per layer, ‖∂L/∂c_t‖ per t; empty for the other cells or if `norms: false`. */
  cellGradNorm: Float32Array[];
  /** ‖∂L/∂x_t‖ per t (over the batch's [B, D] block); empty if `norms: false`. */
  inputGradNorm: Float32Array;
  /** The embedding rows that received gradient (distinct ids ≠ 0, ascending): every other row's gradient is 0. */
  embeddingRows: Int32Array;
}

/** Norm of each [rows, width] block of a time-major [T, rows*width] array. */
export function blockNorms(a: Float32Array, T: number, blockSize: number): Float32Array {
  const out = new Float32Array(T);
  for (let t = 0; t < T; t++) {
    let s = 0;
    const o = t * blockSize;
    for (let i = 0; i < blockSize; i++) s += a[o + i] * a[o + i];
    out[t] = Math.sqrt(s);
  }
  return out;
}

/** Options of the backward pass. */
export interface BackwardOptions {
  /**
   * A [vocabSize × embeddingDim] buffer to reuse for the embedding gradient (zeroed, then filled); saves
   * allocating 2 MB per batch in training. The result's grads['embedding.weight'] is then this buffer.
   */
  embeddingGradBuffer?: Float32Array;
  /** Compute hiddenGradNorm and inputGradNorm (default true; training skips them). */
  norms?: boolean;
  /**
   * Truncated BPTT: cut the recurrent gradient every K steps counted back from the last position (see
   * `truncate.ts`); undefined, 0 or K ≥ T = the full BPTT. Tanh cell only.
   */
  truncateBptt?: number;
  /** The gated-cell kernels (default `getCellKernels()`); unused for the tanh cell. */
  cellKernels?: CellKernels;
}

/** Backward from the cross-entropy (mean over the batch) against `labels`. */
export function unrolledBackward(
  model: UnrolledModel,
  fwd: UnrolledForwardResult,
  labels: ArrayLike<number>,
  kernels: RnnKernels = getKernels(),
  options: BackwardOptions = {},
): UnrolledBackwardResult {
  const { loss, dlogits } = crossEntropyMean(fwd.logits, fwd.batch.batchSize, model.config.outputSize, labels);
  const res = unrolledBackwardFromLogits(model, fwd, dlogits, kernels, options);
  res.loss = loss;
  return res;
}

/** Backward from a given ∂L/∂logits [B, outputSize] (e.g. [−1, +1] for the saliency of logit₁ − logit₀). */
export function unrolledBackwardFromLogits(
  model: UnrolledModel,
  fwd: UnrolledForwardResult,
  dlogits: Float32Array,
  kernels: RnnKernels = getKernels(),
  options: BackwardOptions = {},
): UnrolledBackwardResult {
  const { vocabSize: V, embeddingDim: D, hiddenSize: H, numLayers: L, outputSize: O } = model.config;
  const { batch } = fwd;
  const { batchSize: B, seqLength: T, ids, lengths } = batch;
  const w = model.weights;
  if (dlogits.length !== B * O) throw new Error(`dlogits has ${dlogits.length} values, expected ${B}×${O}`);
  const grads: WeightMap = {};

  // fc_out: logits = r · W^T + b
  const r = fwd.readoutState;
  const gW = new Float32Array(O * H);
  const gb = new Float32Array(O);
  const dr = new Float32Array(B * H);
  const Wfc = w['fc_out.weight'];
  for (let o = 0; o < O; o++) {
    let sb = 0;
    for (let b = 0; b < B; b++) sb += dlogits[b * O + o];
    gb[o] = sb;
    for (let j = 0; j < H; j++) {
      let s = 0;
      for (let b = 0; b < B; b++) s += dlogits[b * O + o] * r[b * H + j];
      gW[o * H + j] = s;
    }
  }
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      let s = 0;
      for (let o = 0; o < O; o++) s += dlogits[b * O + o] * Wfc[o * H + j];
      dr[b * H + j] = s;
    }
  }

  // readout → gradient arriving at the top layer's h_t
  let dhOut: Float32Array = new Float32Array(T * B * H);
  for (let b = 0; b < B; b++) {
    const len = effectiveLength(lengths[b], T);
    const src = dr.subarray(b * H, b * H + H);
    if (fwd.readout === 'final') {
      dhOut.set(src, ((T - 1) * B + b) * H);
    } else if (fwd.readout === 'last-token') {
      dhOut.set(src, ((len - 1) * B + b) * H);
    } else {
      for (let t = 0; t < len; t++) {
        const o = (t * B + b) * H;
        for (let j = 0; j < H; j++) dhOut[o + j] = src[j] / len;
      }
    }
  }

  // layers, top to bottom
  const dh: Float32Array[] = new Array<Float32Array>(L);
  const dc: Float32Array[] = [];
  const cell = cellOf(model.config);
  const K = options.truncateBptt ?? 0;
  validateTruncation(K);
  if (K > 0 && K < T && cell !== 'tanh') throw new Error(`truncated BPTT is implemented for the tanh cell, not ${cell}`);
  for (let k = L - 1; k >= 0 && cell !== 'tanh'; k--) {
    const input = k === 0 ? fwd.x : fwd.layers[k - 1].h;
    const lay = fwd.layers[k];
    if (!lay.gates) throw new Error(`backward: layer ${k} of a ${cell} model has no gates (forward of another cell?)`);
    const g = (options.cellKernels ?? getCellKernels()).backward(
      cell, layerShape(model, k, T, B), layerWeights(model, k), input, { h: lay.h, gates: lay.gates, c: lay.c, hn: lay.hn }, dhOut,
    );
    grads[`rnn_cells.${k}.weight_ih`] = g.wih;
    grads[`rnn_cells.${k}.weight_hh`] = g.whh;
    grads[`rnn_cells.${k}.bias_ih`] = g.bih;
    grads[`rnn_cells.${k}.bias_hh`] = g.bhh;
    dh[k] = g.dh;
    if (g.dc) dc[k] = g.dc;
    dhOut = g.dx;
  }
  for (let k = L - 1; k >= 0 && cell === 'tanh'; k--) {
    const input = k === 0 ? fwd.x : fwd.layers[k - 1].h;
    const g = K > 0
      ? truncatedLayerBackward(kernels, layerShape(model, k, T, B), layerWeights(model, k), input, fwd.layers[k].h, dhOut, K)
      : kernels.layerBackward(layerShape(model, k, T, B), layerWeights(model, k), input, fwd.layers[k].h, dhOut);
    grads[`rnn_cells.${k}.i2h.weight`] = g.wih;
    grads[`rnn_cells.${k}.i2h.bias`] = g.bih;
    grads[`rnn_cells.${k}.h2h.weight`] = g.whh;
    grads[`rnn_cells.${k}.h2h.bias`] = g.bhh;
    dh[k] = g.dh;
    dhOut = g.dx;
  }
  const dx = dhOut;

  // embedding: scatter-add of ∂L/∂x_t into the rows used; the pad row 0 gets nothing
  let gE: Float32Array;
  if (options.embeddingGradBuffer) {
    gE = options.embeddingGradBuffer;
    if (gE.length !== V * D) throw new Error(`embeddingGradBuffer has ${gE.length} values, expected ${V}×${D}`);
    gE.fill(0);
  } else {
    gE = new Float32Array(V * D);
  }
  const used = new Uint8Array(V);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const id = ids[b * T + t];
      if (id === 0) continue;
      used[id] = 1;
      const src = (t * B + b) * D;
      const dst = id * D;
      for (let d = 0; d < D; d++) gE[dst + d] += dx[src + d];
    }
  }

  let nRows = 0;
  for (let v = 1; v < V; v++) nRows += used[v];
  const embeddingRows = new Int32Array(nRows);
  for (let v = 1, i = 0; v < V; v++) if (used[v]) embeddingRows[i++] = v;
  const norms = options.norms ?? true;

  grads['embedding.weight'] = gE;
  grads['fc_out.weight'] = gW;
  grads['fc_out.bias'] = gb;
  const ordered: WeightMap = {};
  for (const name of unrolledWeightNames(model.config)) ordered[name] = grads[name];

  return {
    loss: NaN,
    grads: ordered,
    dh,
    dx,
    hiddenGradNorm: norms ? dh.map((a) => blockNorms(a, T, B * H)) : [],
    dc,
    cellGradNorm: norms ? dc.map((a) => blockNorms(a, T, B * H)) : [],
    inputGradNorm: norms ? blockNorms(dx, T, B * D) : new Float32Array(0),
    embeddingRows,
  };
}
