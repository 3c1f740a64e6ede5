/**
 * The typed events every demo yields. Written once here and used by:
 * - the CLI (`src/cli`), which prints them as the notebook's text lines;
 * - the extension's worker, which batches them and posts them to the host and on to the webview;
 * - the webview's view models, which turn them into what to draw.
 *
 * Vectors are `Float32Array`s so they can be transferred (not JSON-copied) across threads.
 * Layout conventions: a "per layer, per step" block is one Float32Array of length L*T*H, row-major
 * as [layer][t][unit]. Scalars per step are plain numbers.
 */
import type { CellName, DemoLogLevel, GatedCellName, ReadoutName } from './names';

/** The notebook's demos, in the notebook's order. */
export const DEMO_NAMES = ['step', 'train', 'predict', 'explode', 'vanish', 'compare', 'analyze', 'compare-cells'] as const;
export type DemoName = (typeof DEMO_NAMES)[number];

/** The notebook's words for the two classes (class 1 is positive). */
export function sentimentLabel(predicted: number): 'Positive' | 'Negative' {
  return predicted === 1 ? 'Positive' : 'Negative';
}

export type { ReadoutName };

/** A flat [layer][t][unit] block of floats. */
export interface LayeredSeries {
  layers: number;
  steps: number;
  units: number;
  data: Float32Array;
}

/**
 * The activated gates of a gated cell, [layer][t][gate][unit] flattened (gates in PyTorch's order, the names
 * in `GATE_NAMES[cell]`): LSTM i, f, g, o (G = 4), GRU r, z, n (G = 3).
 */
export interface GateSeries {
  cell: GatedCellName;
  layers: number;
  steps: number;
  gates: number;
  units: number;
  data: Float32Array;
}

/** What a snapshot's cell computes: the simple RNN's linear cell, the notebook's tanh cell, or a gated one. */
export type SnapshotActivation = 'linear' | CellName;

/** A demo has begun; `config` holds every hyperparameter it runs with (for display). */
export interface DemoStartEvent {
  type: 'demo-start';
  demo: DemoName;
  title: string;
  config: Record<string, number | string | boolean>;
}

/** The tokens the model sees. `ids[i]` is 0 for unknown words (shown as unknown). */
export interface TokensEvent {
  type: 'tokens';
  /** Words as they appear after the notebook's `preprocess`. */
  tokens: string[];
  ids: number[];
  /** true where the word is not in the vocabulary. */
  unknown: boolean[];
  /** Number of real tokens before padding. */
  length: number;
  /** Total positions the model runs over (padding included). */
  seqLength: number;
  /** Character offsets [start, end) of each token in the original text, when known. */
  offsets?: Array<[number, number]>;
}

/** Forward pass reached position t: every layer's hidden state (and pre-activation) there. */
export interface ForwardStepEvent {
  type: 'forward-step';
  t: number;
  word: string;
  /** hidden[layer] = h_t of that layer, length H. */
  hidden: Float32Array[];
  /** preact[layer] = i2h(x_t) + h2h(h_{t-1}) before tanh (equal to hidden for the simple RNN). */
  preact: Float32Array[];
  /** Output logits at this step when the model computes them per step (simple RNN, fc_out on top state). */
  logits?: number[];
}

/** The model's output after the readout. */
export interface OutputEvent {
  type: 'output';
  logits: number[];
  probs: number[];
  /** Index of the larger probability (1 = positive). */
  predicted: number;
}

/** Cross-entropy loss against `target`. */
export interface LossEvent {
  type: 'loss';
  loss: number;
  target: number;
}

/** Backward pass reached position t (they arrive from t = T-1 down to 0). */
export interface BackwardStepEvent {
  type: 'backward-step';
  t: number;
  /** ‖∂L/∂h_t‖ per layer. */
  hiddenGradNorm: number[];
  /** ‖∂L/∂x_t‖ at the embedding output (or one-hot input). */
  inputGradNorm: number;
}

/** Every parameter's gradient norm and the global norm. Non-finite norms are flagged, never hidden. */
export interface GradNormsEvent {
  type: 'grad-norms';
  perParam: Record<string, number>;
  total: number;
  finite: boolean;
}

/** Global-norm clipping (torch.nn.utils.clip_grad_norm_). */
export interface ClipEvent {
  type: 'clip';
  maxNorm: number;
  /** Global norm before clipping (may be Infinity or NaN). */
  before: number;
  /** Global norm after clipping (equals before when no clipping was needed). */
  after: number;
  finite: boolean;
  /** true when the update was skipped because the norm was not finite. */
  skipped: boolean;
  /** The norm of one parameter the notebook prints (e.g. rnn_cells.0.h2h.weight) before/after. */
  watched?: { name: string; before: number; after: number };
}

/** An optimiser step was applied. */
export interface UpdateEvent {
  type: 'update';
  optimizer: 'sgd' | 'adam';
  lr: number;
  /** L2 norm of the change of all weights. */
  weightChange: number;
  /** Per parameter (Step Through a Sentence): ‖W‖ before and after the step and ‖ΔW‖, in the model's order. */
  params?: Array<{ name: string; before: number; after: number; change: number }>;
  /** The entries that moved most (largest |ΔW|, at most 3): parameter, flat index, value before and after, gradient. */
  moved?: Array<{ name: string; index: number; before: number; after: number; grad: number }>;
}

/** The complete record of one sequence: what the visualizer stores and scrubs through. */
export interface SnapshotEvent {
  type: 'snapshot';
  /** Stable id of this snapshot within the run (used by get-snapshot requests). */
  id: number;
  label?: string;
  tokens: string[];
  unknown: boolean[];
  length: number;
  /**
   * The cell: 'tanh' (the unrolled RNN's), 'gru' / 'lstm' (PyTorch's GRUCell / LSTMCell) or 'linear' (the
   * simple RNN). For a gated cell `preact` is the candidate's tanh argument (LSTM g, GRU n).
   */
  activation: SnapshotActivation;
  hidden: LayeredSeries;
  preact: LayeredSeries;
  /** Gated cells: every gate's activation at every step. */
  gates?: GateSeries;
  /** LSTM: the cell state c_t per layer and step. */
  cellState?: LayeredSeries;
  /** LSTM: ‖∂L/∂c_t‖ (all paths) as [layer][t] flattened (L*T), when a backward pass ran. */
  cellGradNorm?: Float32Array;
  /** ∂L/∂h_t vectors, when a backward pass ran. */
  hiddenGrad?: LayeredSeries;
  /** ‖∂L/∂h_t‖ as [layer][t] flattened (L*T). */
  hiddenGradNorm?: Float32Array;
  /** ‖∂L/∂x_t‖ per t. */
  inputGradNorm?: Float32Array;
  /** P(positive) if the sequence were read out at each step (running probability), per t. */
  runningProb?: Float32Array;
  /** Per-token contribution to the positive logit (saliency sign × size), per t. */
  contribution?: Float32Array;
  /**
   * Per t < length: P(positive) minus P(positive) of the same text with that word deleted (occlusion, exact;
   * what Predict answers for the shortened text). 0 on the padding.
   */
  occlusion?: Float32Array;
  logits: number[];
  probs: number[];
  loss?: number;
  target?: number;
  /** i2h(x_t) (with its bias) per layer and step: the equation view's first term. */
  inputPart?: LayeredSeries;
  /** h2h(h_{t-1}) (with its bias) per layer and step: the equation view's second term. */
  recurrentPart?: LayeredSeries;
  /** How the classifier read the sequence out ('simple' for the notebook's first RNN). */
  readout: ReadoutName | 'simple';
}

/** A training batch finished. */
export interface BatchEvent {
  type: 'batch';
  /** Which model, when several train side by side (Compare Readouts). */
  series?: string;
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  acc: number;
  gradNorm: number;
  clipped: boolean;
  skipped: boolean;
}

/** A training epoch finished (loss and accuracy as the notebook prints them). */
export interface EpochEvent {
  type: 'epoch';
  series?: string;
  epoch: number;
  epochs: number;
  loss: number;
  /** Percent. */
  acc: number;
  seconds: number;
}

/** An evaluation finished. Accuracy in percent. */
export interface EvalEvent {
  type: 'eval';
  series?: string;
  split: 'validation' | 'test';
  epoch?: number;
  loss: number;
  acc: number;
}

/** A line the notebook would have printed (the CLI prints it, the log channel shows it). */
export interface LogEvent {
  type: 'log';
  level: DemoLogLevel;
  text: string;
}

/**
 * Why the gradient vanishes or explodes, for one snapshot of a tanh RNN (src/engine/jacobian.ts): per layer
 * and step the step Jacobian J_t = ∂h_t/∂h_{t−1} = diag(1 − h_t²) W_hh. Plain number arrays (a product norm
 * may be 1e−40 or 1e40, beyond float32); the keys are `unrolled jacobian --json`'s.
 */
export interface JacobianEvent {
  type: 'jacobian';
  /** The snapshot these figures explain (its `id`). */
  snapshotId: number;
  layers: number;
  steps: number;
  /** ‖J_t‖₂, [layer][t]. */
  jacobianNorm: number[][];
  /** ‖J_t … J_1‖₂, [layer][t] (1 at t = 0). */
  productNorm: number[][];
  /** Fraction of units with |h_t| > 0.99, [layer][t]. */
  saturated: number[][];
  /** W_hh's singular values, descending, [layer][…]. */
  whhSingularValues: number[][];
  whhSpectralRadius: number[];
  /** One line per layer read from its numbers ("largest singular value 0.42 < 1: products shrink"). */
  reading: string[];
}

/** The demo finished; `summary` holds the figures the CLI's `--json` prints. */
export interface DemoEndEvent {
  type: 'demo-end';
  demo: DemoName;
  summary: Record<string, unknown>;
}

export type DemoEvent =
  | DemoStartEvent
  | TokensEvent
  | ForwardStepEvent
  | OutputEvent
  | LossEvent
  | BackwardStepEvent
  | GradNormsEvent
  | ClipEvent
  | UpdateEvent
  | SnapshotEvent
  | BatchEvent
  | EpochEvent
  | EvalEvent
  | LogEvent
  | JacobianEvent
  | DemoEndEvent;
