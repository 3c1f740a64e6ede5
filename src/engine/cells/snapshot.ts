/**
 * The visualizer's equation terms for a gated cell (batch 1): the candidate's tanh argument split into its
 * input and recurrent terms — LSTM g: (W_ig x_t + b_ig) + (W_hg h_{t−1} + b_hg); GRU n: (W_in x_t + b_in) +
 * r ⊙ (W_hn h_{t−1} + b_hn) — so `pre` = inputPart + recurrentPart exactly as shown.
 */
import type { LayerTrace } from '../unrolled-forward';
import { type UnrolledModel, cellOf, layerWeights } from '../unrolled-model';

export function candidateParts(model: UnrolledModel, k: number, input: Float32Array, layer: LayerTrace, T: number) {
  const H = model.config.hiddenSize;
  const In = input.length / T;
  const w = layerWeights(model, k);
  const lstm = cellOf(model.config) === 'lstm';
  const G = lstm ? 4 * H : 3 * H;
  const block = 2; // g is block 2 of i, f, g, o; n is block 2 of r, z, n
  const gates = layer.gates ?? new Float32Array(T * G);
  const inputPart = new Float32Array(T * H);
  const recurrentPart = new Float32Array(T * H);
  const pre = new Float32Array(T * H);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < H; j++) {
      const r = block * H + j;
      let a = w.bih[r];
      for (let q = 0; q < In; q++) a += w.wih[r * In + q] * input[t * In + q];
      let b: number;
      if (lstm) {
        b = w.bhh[r];
        if (t > 0) for (let q = 0; q < H; q++) b += w.whh[r * H + q] * layer.h[(t - 1) * H + q];
      } else {
        b = gates[t * G + j] * (layer.hn ? layer.hn[t * H + j] : 0);
      }
      inputPart[t * H + j] = a;
      recurrentPart[t * H + j] = b;
      pre[t * H + j] = a + b;
    }
  }
  return { pre, inputPart, recurrentPart };
}
