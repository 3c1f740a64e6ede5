/**
 * The notebook's `UnrolledRNN`: its configuration, its weights named and laid out exactly as the PyTorch
 * `state_dict` (row-major Float32Arrays, nn.Linear weights as [out, in]), and PyTorch-like initialisation.
 */
import type { LayerShape, LayerWeights } from './kernels/types';
import { createPrng } from './prng';

/** Hyperparameters of an UnrolledRNN (the checkpoint's `model` block without `kind`). */
export interface UnrolledConfig {
  vocabSize: number;
  embeddingDim: number;
  hiddenSize: number;
  numLayers: number;
  outputSize: number;
  seqLength: number;
}

/** Which state the classifier reads: after the padding, at the last real token, or the mean over real tokens. */
export type Readout = 'final' | 'last-token' | 'mean';

/** All readouts, in display order. */
export const READOUTS: readonly Readout[] = ['final', 'last-token', 'mean'];

/** Weights by state_dict name. */
export type WeightMap = Record<string, Float32Array>;

/** An UnrolledRNN: config plus weights (mutated in place by training). */
export interface UnrolledModel {
  readonly kind: 'unrolled-rnn';
  readonly config: UnrolledConfig;
  readonly weights: WeightMap;
}

/** Options for `createUnrolledModel`. */
export interface UnrolledInit {
  /** Seed of the PRNG used for every weight not given. Default 0. */
  seed?: number;
  /** Pretrained embedding [vocabSize, embeddingDim] (copied; row 0 used as given). */
  embedding?: Float32Array;
  /** If set, every layer's h2h.weight is drawn from N(0, h2hStd²) instead (the exploding/vanishing demos). */
  h2hStd?: number;
}

/** The state_dict names in PyTorch's order. */
export function unrolledWeightNames(config: UnrolledConfig): string[] {
  const names = ['embedding.weight'];
  for (let k = 0; k < config.numLayers; k++) {
    names.push(`rnn_cells.${k}.i2h.weight`, `rnn_cells.${k}.i2h.bias`, `rnn_cells.${k}.h2h.weight`, `rnn_cells.${k}.h2h.bias`);
  }
  names.push('fc_out.weight', 'fc_out.bias');
  return names;
}

/** The shape of every weight, by name. */
export function unrolledWeightShapes(config: UnrolledConfig): Record<string, number[]> {
  const { vocabSize: V, embeddingDim: D, hiddenSize: H, numLayers: L, outputSize: O } = config;
  const shapes: Record<string, number[]> = { 'embedding.weight': [V, D] };
  for (let k = 0; k < L; k++) {
    shapes[`rnn_cells.${k}.i2h.weight`] = [H, k === 0 ? D : H];
    shapes[`rnn_cells.${k}.i2h.bias`] = [H];
    shapes[`rnn_cells.${k}.h2h.weight`] = [H, H];
    shapes[`rnn_cells.${k}.h2h.bias`] = [H];
  }
  shapes['fc_out.weight'] = [O, H];
  shapes['fc_out.bias'] = [O];
  return shapes;
}

/** Throws a clear error if a config field is not a positive integer. */
export function validateUnrolledConfig(config: UnrolledConfig, where = 'model'): void {
  const fields: Array<keyof UnrolledConfig> = ['vocabSize', 'embeddingDim', 'hiddenSize', 'numLayers', 'outputSize', 'seqLength'];
  for (const f of fields) {
    const v = (config as unknown as Record<string, unknown>)[f];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new Error(`${where}.${f} must be a positive integer, got ${JSON.stringify(v)}`);
    }
  }
}

/**
 * A new model initialised like PyTorch: nn.Linear weights and biases U(-1/√in, 1/√in); nn.Embedding N(0, 1)
 * with the padding row 0 zeroed (unless a pretrained embedding is given).
 */
export function createUnrolledModel(config: UnrolledConfig, init: UnrolledInit = {}): UnrolledModel {
  validateUnrolledConfig(config);
  const prng = createPrng(init.seed ?? 0);
  const shapes = unrolledWeightShapes(config);
  const weights: WeightMap = {};
  const { vocabSize: V, embeddingDim: D } = config;
  if (init.embedding) {
    if (init.embedding.length !== V * D) {
      throw new Error(`pretrained embedding has ${init.embedding.length} values, expected vocabSize×embeddingDim = ${V}×${D}`);
    }
    weights['embedding.weight'] = Float32Array.from(init.embedding);
  } else {
    const e = prng.fillNormal(new Float32Array(V * D), 0, 1);
    e.fill(0, 0, D);
    weights['embedding.weight'] = e;
  }
  for (const name of unrolledWeightNames(config)) {
    if (name === 'embedding.weight') continue;
    const shape = shapes[name];
    const size = shape.reduce((a, b) => a * b, 1);
    const fanIn = name.endsWith('.bias') ? shapes[name.replace(/bias$/, 'weight')][1] : shape[1];
    const bound = 1 / Math.sqrt(fanIn);
    weights[name] = prng.fillUniform(new Float32Array(size), -bound, bound);
  }
  if (init.h2hStd !== undefined) {
    for (let k = 0; k < config.numLayers; k++) {
      prng.fillNormal(weights[`rnn_cells.${k}.h2h.weight`], 0, init.h2hStd);
    }
  }
  return { kind: 'unrolled-rnn', config: { ...config }, weights };
}

/** A deep copy (weights copied). */
export function cloneUnrolledModel(model: UnrolledModel): UnrolledModel {
  const weights: WeightMap = {};
  for (const [k, v] of Object.entries(model.weights)) weights[k] = Float32Array.from(v);
  return { kind: 'unrolled-rnn', config: { ...model.config }, weights };
}

/** Number of trainable parameters. */
/** Layer k's weights as the kernels take them (views of the model's arrays, not copies). */
export function layerWeights(model: UnrolledModel, k: number): LayerWeights {
  const w = model.weights;
  return {
    wih: w[`rnn_cells.${k}.i2h.weight`],
    bih: w[`rnn_cells.${k}.i2h.bias`],
    whh: w[`rnn_cells.${k}.h2h.weight`],
    bhh: w[`rnn_cells.${k}.h2h.bias`],
  };
}

/** Layer k's kernel shape for a batch of B sequences of T steps. */
export function layerShape(model: UnrolledModel, k: number, T: number, B: number): LayerShape {
  const { embeddingDim: D, hiddenSize: H } = model.config;
  return { T, B, In: k === 0 ? D : H, H };
}

export function countParameters(weights: WeightMap): number {
  let n = 0;
  for (const v of Object.values(weights)) n += v.length;
  return n;
}
