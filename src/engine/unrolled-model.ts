/**
 * The notebook's `UnrolledRNN`: its configuration, its weights named and laid out exactly as the PyTorch
 * `state_dict` (row-major Float32Arrays, nn.Linear weights as [out, in]), and PyTorch-like initialisation.
 */
import type { LayerShape, LayerWeights } from './kernels/types';
import { createPrng } from '../shared/prng';
import { READOUTS, type ReadoutName } from '../shared/names';
import { type CellType, type UnrolledKind, gateCount, kindOfCell, parseCell } from './cells/types';
import { DEFAULT_KEEP_GATE_BIAS, setKeepGateBias } from './cells/init';

/** Hyperparameters of an UnrolledRNN (the checkpoint's `model` block without `kind`). */
export interface UnrolledConfig {
  vocabSize: number;
  embeddingDim: number;
  hiddenSize: number;
  numLayers: number;
  outputSize: number;
  seqLength: number;
  /** The recurrent cell; absent = 'tanh' (the notebook's). */
  cell?: CellType;
}

/** The cell of a config ('tanh' when absent). */
export function cellOf(config: UnrolledConfig): CellType {
  return config.cell ?? 'tanh';
}

/** Which state the classifier reads (the names are the contract's: src/shared/names.ts). */
export type Readout = ReadoutName;
export { READOUTS };

/** Weights by state_dict name. */
export type WeightMap = Record<string, Float32Array>;

/** An UnrolledRNN: config plus weights (mutated in place by training). */
export interface UnrolledModel {
  readonly kind: UnrolledKind;
  readonly config: UnrolledConfig;
  readonly weights: WeightMap;
}

/** Options for `createUnrolledModel`. */
export interface UnrolledInit {
  /** Seed of the PRNG used for every weight not given. Default 0. */
  seed?: number;
  /** Pretrained embedding [vocabSize, embeddingDim] (copied; row 0 used as given). */
  embedding?: Float32Array;
  /** If set, every layer's h2h.weight (weight_hh for a gated cell) is drawn from N(0, h2hStd²) instead (the exploding/vanishing demos). */
  h2hStd?: number;
  /**
   * Gated cells: the keep gate's (LSTM forget f, GRU update z) total bias, bias_ih's block = b and bias_hh's = 0
   * (cells/init.ts). Default DEFAULT_KEEP_GATE_BIAS = 1; null = PyTorch's uniform draw for every bias.
   */
  keepGateBias?: number | null;
}

/** The state_dict names in PyTorch's order. */
export function unrolledWeightNames(config: UnrolledConfig): string[] {
  const names = ['embedding.weight'];
  const gated = cellOf(config) !== 'tanh';
  for (let k = 0; k < config.numLayers; k++) {
    if (gated) names.push(...GATED_PARTS.map((p) => `rnn_cells.${k}.${p}`));
    else names.push(`rnn_cells.${k}.i2h.weight`, `rnn_cells.${k}.i2h.bias`, `rnn_cells.${k}.h2h.weight`, `rnn_cells.${k}.h2h.bias`);
  }
  names.push('fc_out.weight', 'fc_out.bias');
  return names;
}

/** A gated cell's parameter names, as in nn.LSTMCell / nn.GRUCell state_dicts. */
export const GATED_PARTS = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'] as const;

/** The shape of every weight, by name. */
export function unrolledWeightShapes(config: UnrolledConfig): Record<string, number[]> {
  const { vocabSize: V, embeddingDim: D, hiddenSize: H, numLayers: L, outputSize: O } = config;
  const shapes: Record<string, number[]> = { 'embedding.weight': [V, D] };
  const cell = cellOf(config);
  for (let k = 0; k < L && cell !== 'tanh'; k++) {
    const G = gateCount(cell) * H;
    shapes[`rnn_cells.${k}.weight_ih`] = [G, k === 0 ? D : H];
    shapes[`rnn_cells.${k}.weight_hh`] = [G, H];
    shapes[`rnn_cells.${k}.bias_ih`] = [G];
    shapes[`rnn_cells.${k}.bias_hh`] = [G];
  }
  for (let k = 0; k < L && cell === 'tanh'; k++) {
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
      throw new Error(`${where}.${f} must be a positive integer, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`);
    }
  }
  if (config.cell !== undefined) parseCell(config.cell, `${where}.cell`);
}

/**
 * A new model initialised like PyTorch: nn.Linear weights and biases U(-1/√in, 1/√in); nn.Embedding N(0, 1)
 * with the padding row 0 zeroed (unless a pretrained embedding is given). A gated cell's keep gate starts open
 * (`keepGateBias`, default 1) unless `keepGateBias: null`.
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
    // nn.LSTMCell / nn.GRUCell draw every parameter from U(-1/√H, 1/√H).
    const fanIn = cellOf(config) !== 'tanh' ? config.hiddenSize : name.endsWith('.bias') ? shapes[name.replace(/bias$/, 'weight')][1] : shape[1];
    const bound = 1 / Math.sqrt(fanIn);
    weights[name] = prng.fillUniform(new Float32Array(size), -bound, bound);
  }
  if (init.h2hStd !== undefined) {
    for (let k = 0; k < config.numLayers; k++) {
      prng.fillNormal(weights[recurrentWeightName(config, k)], 0, init.h2hStd);
    }
  }
  const keep = init.keepGateBias === undefined ? DEFAULT_KEEP_GATE_BIAS : init.keepGateBias;
  if (keep !== null && cellOf(config) !== 'tanh') {
    for (let k = 0; k < config.numLayers; k++) {
      setKeepGateBias(cellOf(config), config.hiddenSize, weights[`rnn_cells.${k}.bias_ih`], weights[`rnn_cells.${k}.bias_hh`], keep);
    }
  }
  return { kind: kindOfCell(cellOf(config)), config: { ...config }, weights };
}

/** A deep copy (weights copied). */
export function cloneUnrolledModel(model: UnrolledModel): UnrolledModel {
  const weights: WeightMap = {};
  for (const [k, v] of Object.entries(model.weights)) weights[k] = Float32Array.from(v);
  return { kind: model.kind, config: { ...model.config }, weights };
}

/** Layer k's recurrent weight: `h2h.weight` (tanh) or `weight_hh` (gated). */
export function recurrentWeightName(config: UnrolledConfig, k: number): string {
  return cellOf(config) === 'tanh' ? `rnn_cells.${k}.h2h.weight` : `rnn_cells.${k}.weight_hh`;
}

/** Layer k's weights as the kernels take them (views of the model's arrays, not copies). */
export function layerWeights(model: UnrolledModel, k: number): LayerWeights {
  const w = model.weights;
  if (cellOf(model.config) !== 'tanh') {
    return { wih: w[`rnn_cells.${k}.weight_ih`], bih: w[`rnn_cells.${k}.bias_ih`], whh: w[`rnn_cells.${k}.weight_hh`], bhh: w[`rnn_cells.${k}.bias_hh`] };
  }
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

/** Number of trainable parameters. */
export function countParameters(weights: WeightMap): number {
  let n = 0;
  for (const v of Object.values(weights)) n += v.length;
  return n;
}
