/** Softmax and cross-entropy over rows of logits, computed in float64 (as stable as PyTorch's log-softmax). */

/** Row-wise softmax of [rows, cols] logits. */
export function softmaxRows(logits: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, logits[o + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(logits[o + c] - max);
    for (let c = 0; c < cols; c++) out[o + c] = Math.exp(logits[o + c] - max) / sum;
  }
  return out;
}

/** Cross-entropy of one row of logits against class `target`: logsumexp(z) − z[target]. */
export function crossEntropyRow(logits: ArrayLike<number>, offset: number, cols: number, target: number): number {
  if (!Number.isInteger(target) || target < 0 || target >= cols) {
    throw new Error(`label ${target} is not a class in 0..${cols - 1}`);
  }
  let max = -Infinity;
  for (let c = 0; c < cols; c++) max = Math.max(max, logits[offset + c]);
  let sum = 0;
  for (let c = 0; c < cols; c++) sum += Math.exp(logits[offset + c] - max);
  return max + Math.log(sum) - logits[offset + target];
}

/**
 * Mean cross-entropy over the batch and its gradient with respect to the logits, (softmax − onehot) / B.
 */
export function crossEntropyMean(
  logits: Float32Array,
  rows: number,
  cols: number,
  labels: ArrayLike<number>,
): { loss: number; dlogits: Float32Array } {
  if (labels.length !== rows) throw new Error(`got ${labels.length} labels for a batch of ${rows}`);
  const probs = softmaxRows(logits, rows, cols);
  const dlogits = new Float32Array(rows * cols);
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    loss += crossEntropyRow(logits, r * cols, cols, labels[r]);
    for (let c = 0; c < cols; c++) {
      dlogits[r * cols + c] = (probs[r * cols + c] - (c === labels[r] ? 1 : 0)) / rows;
    }
  }
  return { loss: loss / rows, dlogits };
}

/** Number of rows whose argmax of logits equals the label. */
export function countCorrect(logits: Float32Array, labels: ArrayLike<number>, cols: number): number {
  let n = 0;
  for (let b = 0; b < labels.length; b++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (logits[b * cols + c] > logits[b * cols + best]) best = c;
    if (best === labels[b]) n++;
  }
  return n;
}
