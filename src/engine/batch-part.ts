/**
 * Forward + BPTT of some rows of a batch, with the gradients of the WHOLE batch's mean loss: the rows'
 * ∂L/∂logits are (softmax − onehot) / B for the full B, exactly as `crossEntropyMean` computes them for those
 * rows. Summing the parts' gradients gives the whole batch's (up to float32 rounding of the sums). Both
 * threads of the data-parallel trainer (data-parallel.ts) run this on their half.
 */
import type { RnnKernels } from './kernels/types';
import { countCorrect, crossEntropyRow, softmaxRows } from './softmax';
import { type SequenceBatch, unrolledForward } from './unrolled-forward';
import { unrolledBackwardFromLogits } from './unrolled-backward';
import type { Readout, UnrolledModel, WeightMap } from './unrolled-model';

/** What one part contributes. */
export interface PartGradients {
  /** Σ of the rows' cross-entropies (float64); the batch loss is the parts' sum / B. */
  lossSum: number;
  correct: number;
  /** ∂(batch mean loss)/∂weight from these rows, every weight (the embedding's is `embeddingGradBuffer`). */
  grads: WeightMap;
  /** Embedding rows these rows touched (ascending, no pad row). */
  embeddingRows: Int32Array;
}

/** Rows [start, start + count) of `batch` as a batch of their own. */
export function batchRows(batch: SequenceBatch, labels: ArrayLike<number>, start: number,
  count: number): { batch: SequenceBatch; labels: Int32Array } {
  const T = batch.seqLength;
  return {
    batch: {
      ids: batch.ids.slice(start * T, (start + count) * T),
      lengths: batch.lengths.slice(start, start + count),
      batchSize: count,
      seqLength: T,
    },
    labels: Int32Array.from({ length: count }, (_, i) => labels[start + i]),
  };
}

/**
 * The part's contribution for `rows` (a batch of its own) out of a batch of `fullBatchSize` rows.
 * `embeddingGradBuffer` [V×D] receives the embedding gradient (zeroed first).
 */
export function partGradients(
  model: UnrolledModel,
  rows: SequenceBatch,
  labels: ArrayLike<number>,
  fullBatchSize: number,
  readout: Readout,
  kernels: RnnKernels,
  embeddingGradBuffer: Float32Array,
  truncateBptt = 0,
): PartGradients {
  const O = model.config.outputSize;
  const n = rows.batchSize;
  const fwd = unrolledForward(model, rows, readout, kernels);
  const probs = softmaxRows(fwd.logits, n, O);
  const dlogits = new Float32Array(n * O);
  let lossSum = 0;
  for (let r = 0; r < n; r++) {
    lossSum += crossEntropyRow(fwd.logits, r * O, O, labels[r]);
    for (let c = 0; c < O; c++) dlogits[r * O + c] = (probs[r * O + c] - (c === labels[r] ? 1 : 0)) / fullBatchSize;
  }
  const bwd = unrolledBackwardFromLogits(model, fwd, dlogits, kernels, { embeddingGradBuffer, norms: false, truncateBptt });
  return { lossSum, correct: countCorrect(fwd.logits, labels, O), grads: bwd.grads, embeddingRows: bwd.embeddingRows };
}
