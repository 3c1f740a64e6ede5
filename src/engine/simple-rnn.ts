/**
 * The notebook's first `RNN`: combined = cat(input, hidden), hidden' = i2h(combined), output = h2o(combined),
 * no nonlinearity (faithful to the notebook; `activation: 'tanh'` is an option). Stepped word by word over
 * one-hot inputs (batch 1), with its backward pass; the SGD step goes through `WeightOptimizer`.
 */
import { createPrng } from '../shared/prng';
import { crossEntropyMean } from './softmax';
import type { WeightMap } from './unrolled-model';

/** Sizes of the simple RNN. */
export interface SimpleRnnConfig {
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
  /** 'linear' (the notebook) or 'tanh'. Default 'linear'. */
  activation?: 'linear' | 'tanh';
}

/** Weights `i2h.weight` [H, I+H], `i2h.bias` [H], `h2o.weight` [O, I+H], `h2o.bias` [O]. */
export interface SimpleRnnModel {
  readonly kind: 'simple-rnn';
  readonly config: SimpleRnnConfig;
  readonly weights: WeightMap;
}

/** One step of the forward pass. */
export interface SimpleStep {
  /** cat(x_t, h_{t-1}), length I+H. */
  combined: Float32Array;
  /** i2h(combined), before the activation (equals hidden when linear). */
  pre: Float32Array;
  /** The new hidden state. */
  hidden: Float32Array;
  /** h2o(combined): the logits after this word. */
  logits: Float32Array;
}

/** Gradients and norms of the simple RNN's backward pass. */
export interface SimpleBackwardResult {
  loss: number;
  grads: WeightMap;
  /** ∂L/∂hidden after each step (the last is zero: the last output reads h_{T-1}, not h_T). */
  dhidden: Float32Array[];
  /** ∂L/∂x_t for each step. */
  dinput: Float32Array[];
  hiddenGradNorm: number[];
  inputGradNorm: number[];
}

/** Weight names in state_dict order. */
export const SIMPLE_WEIGHT_NAMES = ['i2h.weight', 'i2h.bias', 'h2o.weight', 'h2o.bias'] as const;

/** Shapes by weight name. */
export function simpleWeightShapes(c: SimpleRnnConfig): Record<string, number[]> {
  const C = c.inputSize + c.hiddenSize;
  return { 'i2h.weight': [c.hiddenSize, C], 'i2h.bias': [c.hiddenSize], 'h2o.weight': [c.outputSize, C], 'h2o.bias': [c.outputSize] };
}

/** A new model with nn.Linear's initialisation U(-1/√(I+H), 1/√(I+H)). */
export function createSimpleRnn(config: SimpleRnnConfig, seed = 0): SimpleRnnModel {
  for (const f of ['inputSize', 'hiddenSize', 'outputSize'] as const) {
    if (!Number.isInteger(config[f]) || config[f] < 1) throw new Error(`simple RNN ${f} must be a positive integer, got ${config[f]}`);
  }
  const prng = createPrng(seed);
  const bound = 1 / Math.sqrt(config.inputSize + config.hiddenSize);
  const weights: WeightMap = {};
  const shapes = simpleWeightShapes(config);
  for (const n of SIMPLE_WEIGHT_NAMES) {
    weights[n] = prng.fillUniform(new Float32Array(shapes[n].reduce((a, b) => a * b, 1)), -bound, bound);
  }
  return { kind: 'simple-rnn', config: { activation: 'linear', ...config }, weights };
}

/** Builds a model from given weights, checking their lengths. */
export function simpleRnnFromWeights(config: SimpleRnnConfig, weights: WeightMap): SimpleRnnModel {
  const shapes = simpleWeightShapes(config);
  const out: WeightMap = {};
  for (const n of SIMPLE_WEIGHT_NAMES) {
    const size = shapes[n].reduce((a, b) => a * b, 1);
    if (!weights[n]) throw new Error(`simple RNN weight "${n}" is missing`);
    if (weights[n].length !== size) throw new Error(`simple RNN weight "${n}" has ${weights[n].length} values, expected ${size} for [${shapes[n].join(', ')}]`);
    out[n] = Float32Array.from(weights[n]);
  }
  return { kind: 'simple-rnn', config: { activation: 'linear', ...config }, weights: out };
}

/** A one-hot vector of `size` with a 1 at `index`. */
export function oneHot(index: number, size: number): Float32Array {
  if (!Number.isInteger(index) || index < 0 || index >= size) throw new Error(`one-hot index ${index} is outside 0..${size - 1}`);
  const v = new Float32Array(size);
  v[index] = 1;
  return v;
}

function affine(w: Float32Array, b: Float32Array, x: Float32Array, rows: number): Float32Array {
  const cols = x.length;
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = b[r];
    for (let k = 0; k < cols; k++) s += w[r * cols + k] * x[k];
    y[r] = s;
  }
  return y;
}

/** One step from hidden `h` on input `x`. */
export function simpleStep(model: SimpleRnnModel, x: Float32Array, h: Float32Array): SimpleStep {
  const { inputSize: I, hiddenSize: H, outputSize: O } = model.config;
  if (x.length !== I) throw new Error(`input has ${x.length} values, expected inputSize ${I}`);
  if (h.length !== H) throw new Error(`hidden has ${h.length} values, expected hiddenSize ${H}`);
  const combined = new Float32Array(I + H);
  combined.set(x, 0);
  combined.set(h, I);
  const pre = affine(model.weights['i2h.weight'], model.weights['i2h.bias'], combined, H);
  const hidden = model.config.activation === 'tanh' ? pre.map(Math.tanh) : Float32Array.from(pre);
  const logits = affine(model.weights['h2o.weight'], model.weights['h2o.bias'], combined, O);
  return { combined, pre, hidden, logits };
}

/** The forward pass over a sequence of inputs from h = 0 (or `h0`). */
export function simpleForward(model: SimpleRnnModel, inputs: Float32Array[], h0?: Float32Array): SimpleStep[] {
  let h = h0 ?? new Float32Array(model.config.hiddenSize);
  const steps: SimpleStep[] = [];
  for (const x of inputs) {
    const s = simpleStep(model, x, h);
    steps.push(s);
    h = s.hidden;
  }
  return steps;
}

/** Cross-entropy of the last step's logits against `target`, and the gradients of every weight. */
export function simpleBackward(model: SimpleRnnModel, steps: SimpleStep[], target: number): SimpleBackwardResult {
  const { inputSize: I, hiddenSize: H, outputSize: O } = model.config;
  const C = I + H;
  const n = steps.length;
  if (n === 0) throw new Error('simple RNN backward needs at least one step');
  const { loss, dlogits } = crossEntropyMean(steps[n - 1].logits, 1, O, [target]);
  const Wi = model.weights['i2h.weight'];
  const Wo = model.weights['h2o.weight'];
  const gWi = new Float64Array(H * C);
  const gbi = new Float64Array(H);
  const gWo = new Float64Array(O * C);
  const gbo = new Float64Array(O);
  const dhidden: Float32Array[] = new Array<Float32Array>(n);
  const dinput: Float32Array[] = new Array<Float32Array>(n);
  let dh = new Float64Array(H); // ∂L/∂hidden output of the current step
  for (let t = n - 1; t >= 0; t--) {
    const s = steps[t];
    dhidden[t] = Float32Array.from(dh);
    const dpre = new Float64Array(H);
    for (let j = 0; j < H; j++) dpre[j] = model.config.activation === 'tanh' ? dh[j] * (1 - s.hidden[j] * s.hidden[j]) : dh[j];
    const dcomb = new Float64Array(C);
    for (let j = 0; j < H; j++) {
      gbi[j] += dpre[j];
      for (let k = 0; k < C; k++) {
        gWi[j * C + k] += dpre[j] * s.combined[k];
        dcomb[k] += dpre[j] * Wi[j * C + k];
      }
    }
    if (t === n - 1) {
      for (let o = 0; o < O; o++) {
        gbo[o] += dlogits[o];
        for (let k = 0; k < C; k++) {
          gWo[o * C + k] += dlogits[o] * s.combined[k];
          dcomb[k] += dlogits[o] * Wo[o * C + k];
        }
      }
    }
    dinput[t] = Float32Array.from(dcomb.subarray(0, I));
    dh = dcomb.slice(I);
  }
  const norm = (a: Float32Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
  return {
    loss,
    grads: { 'i2h.weight': Float32Array.from(gWi), 'i2h.bias': Float32Array.from(gbi), 'h2o.weight': Float32Array.from(gWo), 'h2o.bias': Float32Array.from(gbo) },
    dhidden,
    dinput,
    hiddenGradNorm: dhidden.map(norm),
    inputGradNorm: dinput.map(norm),
  };
}
