/**
 * Forward pass of the UnrolledRNN over a batch: embedding lookup, every tanh layer over the whole sequence
 * (through the RNN kernels), the readout and fc_out. Keeps everything the backward pass and the visualizer need.
 */
import { getKernels } from './kernels/index';
import type { RnnKernels } from './kernels/types';
import { softmaxRows } from './softmax';
import { cellOf, layerShape, layerWeights, type Readout, type UnrolledModel } from './unrolled-model';
import { getCellKernels } from './cells/index';
import type { CellKernels } from './cells/types';

/** A batch of post-padded token ids. */
export interface SequenceBatch {
  /** Token ids [B, T] row-major, each row post-padded with 0 (PyTorch's `x`). */
  ids: Int32Array;
  /** Real tokens per row, 0..T (readouts `last-token` and `mean` use at least 1). */
  lengths: Int32Array;
  batchSize: number;
  seqLength: number;
}

/** One layer over the sequence, time-major [T, B, H]. */
export interface LayerTrace {
  h: Float32Array;
  /** tanh cell: the pre-activation [T, B, H]; gated cells: empty (their gates are in `gates`). */
  pre: Float32Array;
  /** Gated cells: [T, B, G·H] activated gates (LSTM i, f, g, o; GRU r, z, n). */
  gates?: Float32Array;
  /** LSTM: [T, B, H] cell states c_t. */
  c?: Float32Array;
  /** GRU: [T, B, H] W_hn h_{t−1} + b_hn. */
  hn?: Float32Array;
}

/** Everything the forward pass computed. */
export interface UnrolledForwardResult {
  batch: SequenceBatch;
  readout: Readout;
  /** Embedding output, time-major [T, B, D]. */
  x: Float32Array;
  /** Per layer, bottom first. */
  layers: LayerTrace[];
  /** The state fc_out reads, [B, H]. */
  readoutState: Float32Array;
  /** [B, outputSize]. */
  logits: Float32Array;
  /** softmax(logits), [B, outputSize]. */
  probs: Float32Array;
}

/** Builds a batch from rows of ids (each padded/truncated to seqLength) and their real lengths. */
export function makeBatch(rows: ArrayLike<number>[], seqLength: number, lengths?: ArrayLike<number>): SequenceBatch {
  const B = rows.length;
  const ids = new Int32Array(B * seqLength);
  const lens = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const row = rows[b];
    const n = Math.min(row.length, seqLength);
    for (let t = 0; t < n; t++) ids[b * seqLength + t] = row[t];
    let len = lengths ? lengths[b] : n;
    if (!lengths) {
      while (len > 0 && ids[b * seqLength + len - 1] === 0) len--;
    }
    lens[b] = Math.min(len, seqLength);
  }
  return { ids, lengths: lens, batchSize: B, seqLength };
}

/** The effective length a readout uses: clamped to 1..T. */
export function effectiveLength(length: number, T: number): number {
  return Math.max(1, Math.min(T, length));
}

/** Checks ids and lengths against the model, with a clear error naming the row. */
export function validateBatch(model: UnrolledModel, batch: SequenceBatch): void {
  const { batchSize: B, seqLength: T, ids, lengths } = batch;
  const V = model.config.vocabSize;
  if (!Number.isInteger(B) || B < 1 || !Number.isInteger(T) || T < 1) {
    throw new Error(`batch size ${B} and sequence length ${T} must be positive integers`);
  }
  if (ids.length !== B * T) throw new Error(`batch ids has ${ids.length} values, expected B×T = ${B}×${T}`);
  if (lengths.length !== B) throw new Error(`batch lengths has ${lengths.length} values, expected ${B}`);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0 || id >= V) {
      throw new Error(`token id ${id} at row ${Math.floor(i / T)}, position ${i % T} is outside the vocabulary 0..${V - 1}`);
    }
  }
}

/** Gathers embedding rows into time-major [T, B, D]. */
export function embed(model: UnrolledModel, batch: SequenceBatch): Float32Array {
  const { batchSize: B, seqLength: T, ids } = batch;
  const D = model.config.embeddingDim;
  const E = model.weights['embedding.weight'];
  const x = new Float32Array(T * B * D);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const id = ids[b * T + t];
      x.set(E.subarray(id * D, id * D + D), (t * B + b) * D);
    }
  }
  return x;
}

/** The readout state [B, H] from the top layer's h [T, B, H]. */
export function readoutState(h: Float32Array, batch: SequenceBatch, H: number, readout: Readout): Float32Array {
  const { batchSize: B, seqLength: T, lengths } = batch;
  const r = new Float32Array(B * H);
  for (let b = 0; b < B; b++) {
    const len = effectiveLength(lengths[b], T);
    if (readout === 'final') {
      r.set(h.subarray(((T - 1) * B + b) * H, ((T - 1) * B + b + 1) * H), b * H);
    } else if (readout === 'last-token') {
      r.set(h.subarray(((len - 1) * B + b) * H, ((len - 1) * B + b + 1) * H), b * H);
    } else {
      const acc = new Float64Array(H);
      for (let t = 0; t < len; t++) {
        const o = (t * B + b) * H;
        for (let j = 0; j < H; j++) acc[j] += h[o + j];
      }
      for (let j = 0; j < H; j++) r[b * H + j] = acc[j] / len;
    }
  }
  return r;
}

/** y = x · W^T + bias for x [rows, In], W [Out, In]. */
export function linear(x: Float32Array, rows: number, w: Float32Array, bias: Float32Array, In: number, Out: number): Float32Array {
  const y = new Float32Array(rows * Out);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < Out; o++) {
      let s = bias[o];
      for (let k = 0; k < In; k++) s += x[r * In + k] * w[o * In + k];
      y[r * Out + o] = s;
    }
  }
  return y;
}

/** The forward pass over a batch. */
export function unrolledForward(
  model: UnrolledModel,
  batch: SequenceBatch,
  readout: Readout = 'final',
  kernels: RnnKernels = getKernels(),
  cellKernels?: CellKernels,
): UnrolledForwardResult {
  validateBatch(model, batch);
  const { hiddenSize: H, numLayers: L, outputSize: O } = model.config;
  const { batchSize: B, seqLength: T } = batch;
  const w = model.weights;
  const x = embed(model, batch);
  const layers: LayerTrace[] = [];
  let input = x;
  const cell = cellOf(model.config);
  for (let k = 0; k < L && cell !== 'tanh'; k++) {
    const out = (cellKernels ?? getCellKernels()).forward(cell, layerShape(model, k, T, B), layerWeights(model, k), input);
    layers.push({ h: out.h, pre: new Float32Array(0), gates: out.gates, ...(out.c ? { c: out.c } : {}),
      ...(out.hn ? { hn: out.hn } : {}) });
    input = out.h;
  }
  for (let k = 0; k < L && cell === 'tanh'; k++) {
    const out = kernels.layerForward(
      layerShape(model, k, T, B),
      layerWeights(model, k),
      input,
    );
    layers.push(out);
    input = out.h;
  }
  const r = readoutState(layers[L - 1].h, batch, H, readout);
  const logits = linear(r, B, w['fc_out.weight'], w['fc_out.bias'], H, O);
  const probs = softmaxRows(logits, B, O);
  return { batch, readout, x, layers, readoutState: r, logits, probs };
}
