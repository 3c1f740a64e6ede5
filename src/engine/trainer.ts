/**
 * Training the UnrolledRNN: one batch = forward, cross-entropy (mean over the batch), BPTT, global-norm
 * clipping (optional), a tfjs Adam/SGD update. A non-finite gradient norm is reported and the update skipped.
 * Also the epoch loop over a dataset (epochSteps: the last incomplete batch dropped, as the notebook does) and evaluation.
 */
import { getKernels } from './kernels/index';
import type { RnnKernels } from './kernels/types';
import { clipGradNorm, gradNorms } from './clip';
import { validateTruncation } from './truncate';
import type { OptimizerKind } from './optimizer';
import { createStepOptimizer, type OptimizerPath, type StepOptimizer } from './step-optimizer';
import { countCorrect, crossEntropyRow } from './softmax';
import { throwIfStopped } from './stop';

export { countCorrect };
import { type SequenceBatch, unrolledForward } from './unrolled-forward';
import { unrolledBackward } from './unrolled-backward';
import type { Readout, UnrolledModel } from './unrolled-model';

/** Training settings; defaults are the notebook's (Adam, lr 1e-3, readout `final`, no clipping). */
export interface TrainerOptions {
  optimizer?: OptimizerKind;
  lr?: number;
  /** Global-norm clipping threshold; null/undefined = no clipping (non-finite norms are still caught). */
  clipNorm?: number | null;
  readout?: Readout;
  /** Truncated BPTT: cut the recurrent gradient every K steps back from the last position (truncate.ts); 0/undefined = full. */
  truncateBptt?: number;
  kernels?: RnnKernels;
}

/** What one training step did. */
export interface StepResult {
  loss: number;
  /** Rows whose argmax matched the label. */
  correct: number;
  batchSize: number;
  /** Global gradient norm before clipping (may be Infinity/NaN). */
  totalNorm: number;
  finite: boolean;
  clipped: boolean;
  /** true when the update was skipped (non-finite norm or loss); the weights are then untouched. */
  skipped: boolean;
  /** Per-parameter gradient norms before clipping. */
  perParamNorm: Record<string, number>;
}

/** A labelled dataset of post-padded id rows. */
export interface Dataset {
  /** [count, seqLength] row-major. */
  ids: Int32Array;
  lengths: Int32Array;
  labels: Int32Array;
  count: number;
  seqLength: number;
}

/** Result of one epoch. */
export interface EpochResult {
  /** Mean of the batch losses. */
  meanLoss: number;
  /** Sum of the batch losses (the notebook divides it by len(X)/batch_size). */
  totalLoss: number;
  /** Percent correct over the rows trained on. */
  acc: number;
  batches: number;
  skipped: number;
  seconds: number;
  /** false when onBatch asked to stop early. */
  completed: boolean;
}

/** Rows `order[start..start+size)` of a dataset as a batch and its labels. */
export function sliceBatch(data: Dataset, order: ArrayLike<number>, start: number,
  size: number): { batch: SequenceBatch; labels: Int32Array } {
  const T = data.seqLength;
  const B = Math.min(size, order.length - start);
  const ids = new Int32Array(B * T);
  const lengths = new Int32Array(B);
  const labels = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const row = order[start + b];
    if (row < 0 || row >= data.count) throw new Error(`row ${row} is outside the dataset of ${data.count}`);
    ids.set(data.ids.subarray(row * T, row * T + T), b * T);
    lengths[b] = data.lengths[row];
    labels[b] = data.labels[row];
  }
  return { batch: { ids, lengths, batchSize: B, seqLength: T }, labels };
}

/** Trains one model; holds the optimiser state. Call `dispose()` when done. */
export class UnrolledTrainer {
  readonly model: UnrolledModel;
  readonly readout: Readout;
  readonly clipNorm: number | null;
  /** 0 = full BPTT. */
  readonly truncateBptt: number;
  readonly optimizerKind: OptimizerKind;
  readonly lr: number;
  /** Which optimiser implementation runs (see step-optimizer.ts). */
  readonly optimizerPath: OptimizerPath;
  private readonly kernels: RnnKernels;
  private readonly optimizer: StepOptimizer;
  private readonly embeddingGrad: Float32Array;

  constructor(model: UnrolledModel, options: TrainerOptions = {}) {
    this.model = model;
    this.readout = options.readout ?? 'final';
    this.clipNorm = options.clipNorm ?? null;
    this.truncateBptt = options.truncateBptt ?? 0;
    validateTruncation(this.truncateBptt, 'truncateBptt');
    this.optimizerKind = options.optimizer ?? 'adam';
    this.lr = options.lr ?? 1e-3;
    this.kernels = options.kernels ?? getKernels();
    const opt = createStepOptimizer(model.weights, this.optimizerKind, this.lr);
    this.optimizer = opt.optimizer;
    this.optimizerPath = opt.path;
    this.embeddingGrad = new Float32Array(model.weights['embedding.weight'].length);
  }

  /** One step on a batch. */
  trainBatch(batch: SequenceBatch, labels: ArrayLike<number>): StepResult {
    const O = this.model.config.outputSize;
    const fwd = unrolledForward(this.model, batch, this.readout, this.kernels);
    const bwd = unrolledBackward(this.model, fwd, labels, this.kernels,
      { embeddingGradBuffer: this.embeddingGrad, norms: false, truncateBptt: this.truncateBptt });
    const norms = gradNorms(bwd.grads, { name: 'embedding.weight', rows: bwd.embeddingRows, width: this.model.config.embeddingDim });
    let clipped = false;
    let finite = norms.finite && Number.isFinite(bwd.loss);
    if (finite && this.clipNorm !== null) {
      const c = clipGradNorm(bwd.grads, this.clipNorm, norms.total);
      clipped = c.clipped;
      finite = c.finite;
    }
    if (finite) {
      throwIfStopped(); // last point to abandon the batch (stop.ts): from here on the weights change
      this.optimizer.step(bwd.grads);
    }
    return {
      loss: bwd.loss,
      correct: countCorrect(fwd.logits, labels, O),
      batchSize: batch.batchSize,
      totalNorm: norms.total,
      finite,
      clipped,
      skipped: !finite,
      perParamNorm: norms.perParam,
    };
  }

  /** Copies externally changed weights into the optimiser's variables. */
  syncWeights(): void {
    this.optimizer.syncFromWeights();
  }

  /** Frees the optimiser's tensors. */
  dispose(): void {
    this.optimizer.dispose();
  }
}

/** One batch of an epoch as the epoch loop yields it. */
export interface EpochStep {
  result: StepResult;
  /** 0-based batch index, of `batches`. */
  index: number;
  batches: number;
  /** The epoch's figures over the batches done so far (`completed` false). */
  soFar: EpochResult;
}

/**
 * The epoch loop (the product's demos and the benchmark both run it): `data` in the given row order,
 * batches of `batchSize`, the last incomplete batch dropped (the notebook's
 * `if len(inputs) != batch_size: continue`). Yields each batch's step after training it and returns the
 * epoch's figures. `seconds` counts the time spent inside the loop (slicing + training), not the caller's
 * work between batches.
 */
export function* epochSteps(
  trainer: { trainBatch(batch: SequenceBatch, labels: ArrayLike<number>): StepResult },
  data: Dataset,
  order: ArrayLike<number>,
  batchSize: number,
): Generator<EpochStep, EpochResult, void> {
  const batches = Math.floor(order.length / batchSize);
  let total = 0, correct = 0, rows = 0, skipped = 0, done = 0, seconds = 0;
  const figures = (completed: boolean): EpochResult => ({
    meanLoss: done ? total / done : NaN, totalLoss: total, acc: rows ? (100 * correct) / rows : 0, batches: done, skipped, seconds,
    completed,
  });
  for (let i = 0; i < batches; i++) {
    const t0 = performance.now();
    const { batch, labels } = sliceBatch(data, order, i * batchSize, batchSize);
    const r = trainer.trainBatch(batch, labels);
    seconds += (performance.now() - t0) / 1000;
    done++;
    total += r.loss;
    correct += r.correct;
    rows += r.batchSize;
    if (r.skipped) skipped++;
    yield { result: r, index: i, batches, soFar: figures(false) };
  }
  return figures(true);
}

/** The whole epoch loop at once (epochSteps); `onBatch` may return false to stop early (the figures then cover the batches done). */
export function trainEpoch(
  trainer: UnrolledTrainer,
  data: Dataset,
  order: ArrayLike<number>,
  batchSize: number,
  onBatch?: (r: StepResult, index: number, batches: number) => boolean | void,
): EpochResult {
  const steps = epochSteps(trainer, data, order, batchSize);
  for (let n = steps.next(); ; n = steps.next()) {
    if (n.done) return n.value;
    if (onBatch && onBatch(n.value.result, n.value.index, n.value.batches) === false) return n.value.soFar;
  }
}

/** Loss and accuracy without training (all rows, the last batch may be smaller). */
export function evaluate(
  model: UnrolledModel,
  data: Dataset,
  batchSize: number,
  readout: Readout = 'final',
  kernels: RnnKernels = getKernels(),
): { totalLoss: number; meanLoss: number; acc: number; correct: number; total: number; batches: number } {
  const order = new Int32Array(data.count);
  for (let i = 0; i < data.count; i++) order[i] = i;
  const O = model.config.outputSize;
  let totalLoss = 0;
  let correct = 0;
  let batches = 0;
  let lossRows = 0;
  for (let s = 0; s < data.count; s += batchSize) {
    const { batch, labels } = sliceBatch(data, order, s, batchSize);
    const fwd = unrolledForward(model, batch, readout, kernels);
    let l = 0;
    for (let b = 0; b < batch.batchSize; b++) l += crossEntropyRow(fwd.logits, b * O, O, labels[b]);
    totalLoss += l / batch.batchSize;
    lossRows += batch.batchSize;
    correct += countCorrect(fwd.logits, labels, O);
    batches++;
  }
  return {
    totalLoss,
    meanLoss: batches ? totalLoss / batches : NaN,
    acc: data.count ? (100 * correct) / data.count : 0,
    correct,
    total: lossRows,
    batches,
  };
}
