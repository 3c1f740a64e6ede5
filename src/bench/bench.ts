/**
 * The speed benchmark (`unrolled bench`, `npm run bench`): on the same training rows in one run, seconds per
 * epoch of this engine on the notebook's config, seconds per epoch of a `tf.layers` SimpleRNN stack of the same
 * shape (timed over a few batches and extrapolated: it needs ~20 s per epoch), their ratio, the milliseconds
 * of one 100-token review's forward + backward with every snapshot, and tfjs tensors alive before/after.
 */
import { cpus, loadavg } from 'node:os';
import { createPrng } from '../shared/prng';
import { benchData, NOTEBOOK_BENCH, type BenchDataSource } from './bench-data';
import { timeBaseline } from './baseline';
import { getKernels } from '../engine/kernels/index';
import type { RnnKernels } from '../engine/kernels/types';
import { WasmAdam } from '../engine/kernels/wasm-adam';
import { initTf, tf } from '../engine/tf';
import { type Dataset as TrainRows, sliceBatch, trainEpoch, UnrolledTrainer } from '../engine/trainer';
import { unrolledBackward } from '../engine/unrolled-backward';
import { unrolledForward } from '../engine/unrolled-forward';
import { benchCells, type CellBench, formatCellBench } from './cells';
import { createUnrolledModel, layerShape, layerWeights, type Readout, type UnrolledConfig } from '../engine/unrolled-model';

export interface BenchOptions {
  /** Engine epochs to time (default 2); s/epoch is their mean. */
  epochs?: number;
  /** tf.layers batches to time after one warm-up batch (default 3); 0 skips the baseline. */
  baselineBatches?: number;
  /** Repetitions of the single-review forward + backward (default 30); the median is reported. */
  reviewRepeats?: number;
  /** Readout the engine trains with (default `final`, the notebook's; the baseline always reads the final state). */
  readout?: Readout;
  /** Train on the first this-many rows of the shuffled training split (default: all of them, 1,600). */
  trainRows?: number;
  /** Use seeded random rows even when the default training data is available. */
  randomData?: boolean;
  /** Data folder override for the default training data. */
  dataDir?: string;
  /** Seed of the row order, the weights and (if used) the random data. Default 1234. */
  seed?: number;
  /** Kernels to bench (default: the engine's choice, `getKernels()`). */
  kernels?: RnnKernels;
  /** Also time one epoch per cell (tanh, gru, lstm); `'torch'` adds PyTorch's fused modules (src/bench/cells.ts). */
  cells?: boolean | 'torch';
  /** Progress lines while the benchmark runs. */
  onProgress?: (line: string) => void;
}

/** Where the CPU milliseconds of one training step go (means over the profiled batches; CPU time of this process). */
export interface StepProfile {
  batches: number;
  forwardMs: number;
  backwardMs: number;
  optimizerMs: number;
  /** The two RNN layers' kernels alone (forward + backward), a subset of forwardMs + backwardMs. */
  rnnKernelsMs: number;
  /** The same Adam update by the f32x4 kernel (`WasmAdam`), for comparison with the trainer's tfjs Adam. */
  wasmAdamMs: number;
}

export interface BenchResult {
  /** Per-cell epochs (with `cells`). */
  cells?: CellBench;
  /** Which rows were used: the default training data of `src/data`, or seeded random ids and lengths. */
  data: BenchDataSource;
  /** Where the rows came from, or why the default data was not used. */
  dataNote: string;
  config: Omit<typeof NOTEBOOK_BENCH, 'trainRows'> & { trainRows: number; batchesPerEpoch: number; readout: Readout };
  tfBackend: string;
  kernels: string;
  /** Engine: mean seconds per training epoch (all batches, Adam, the trainer's public API). */
  secondsPerEpoch: number;
  /** Each timed engine epoch, in seconds. */
  epochSeconds: number[];
  /** CPU seconds (user + system, this process) per engine epoch: less sensitive than wall time to other load. */
  cpuSecondsPerEpoch: number;
  /** tf.layers SimpleRNN stack: seconds per epoch, extrapolated from `baselineBatchesTimed` batches (NaN if skipped). */
  baselineSecondsPerEpoch: number;
  baselineBatchesTimed: number;
  /** The peer's CPU seconds per epoch, extrapolated the same way. */
  baselineCpuSecondsPerEpoch: number;
  /** baselineSecondsPerEpoch / secondsPerEpoch: how many times faster this engine is (NaN if no baseline). */
  ratio: number;
  /** The same ratio in CPU seconds (steadier when other work shares the machine). */
  cpuRatio: number;
  /** Median ms of forward + backward of one 100-token review with every snapshot (hidden states, grads, norms). */
  reviewForwardBackwardMs: number;
  /** Seconds to load the default reviews + vocabulary + GloVe vectors (tokenise, count, embed); NaN for random rows. */
  dataLoadSeconds: number;
  dataLoadCpuSeconds: number;
  profile: StepProfile;
  /** 1-minute load average of the machine when the benchmark started and ended, and its number of CPUs. */
  loadAverage: { start: number; end: number; cpus: number };
  /** tf.memory().numTensors before the benchmark created anything and after it disposed everything. */
  tensorsBefore: number;
  tensorsAfter: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs the benchmark (a few seconds of engine training plus a few tf.layers batches). */
export async function runBench(opts: BenchOptions = {}): Promise<BenchResult> {
  const seed = opts.seed ?? 1234;
  const epochs = opts.epochs ?? 2;
  const baselineBatches = opts.baselineBatches ?? 3;
  const reviewRepeats = opts.reviewRepeats ?? 30;
  const readout = opts.readout ?? 'final';
  const progress = opts.onProgress ?? ((): void => {});
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`bench: epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(baselineBatches) || baselineBatches < 0) {
    throw new Error(`bench: baselineBatches must be a non-negative integer, got ${baselineBatches}`);
  }
  const loadStart = loadavg()[0];
  const tfInfo = await initTf();
  const tensorsBefore = tf.memory().numTensors;
  const kernels = opts.kernels ?? getKernels();
  const data = await benchData(opts, seed);
  progress(`data: ${data.note}`);
  const { batchSize: B, seqLength: T } = NOTEBOOK_BENCH;
  const config: UnrolledConfig = {
    vocabSize: NOTEBOOK_BENCH.vocabSize,
    embeddingDim: NOTEBOOK_BENCH.embeddingDim,
    hiddenSize: NOTEBOOK_BENCH.hiddenSize,
    numLayers: NOTEBOOK_BENCH.numLayers,
    outputSize: 2,
    seqLength: T,
  };
  const trainRows = opts.trainRows ?? data.rows.count;
  if (!Number.isInteger(trainRows) || trainRows < 2 * B || trainRows > data.rows.count) {
    throw new Error(`bench: trainRows must be an integer from ${2 * B} to ${data.rows.count}, got ${trainRows}`);
  }
  const order = createPrng(seed).permutation(data.rows.count).slice(0, trainRows);
  const batchesPerEpoch = Math.floor(trainRows / B);

  // Engine: whole epochs through the epoch loop the product trains with (trainEpoch drains epochSteps, which
  // TrainingRun in src/demos/train-loop.ts iterates batch by batch).
  const model = createUnrolledModel(config, { seed, embedding: data.embedding });
  // Warm-up (JIT, tfjs kernels, wasm memory) on a copy of the model, not timed; the epochs then start warm.
  profileSteps(model, data.rows, order, readout, kernels, Math.min(3, batchesPerEpoch));
  const trainer = new UnrolledTrainer(model, { optimizer: 'adam', lr: NOTEBOOK_BENCH.lr, readout, kernels });
  const epochSeconds: number[] = [];
  let cpuSeconds = 0;
  try {
    for (let e = 0; e < epochs; e++) {
      const cpu0 = process.cpuUsage();
      const r = trainEpoch(trainer, data.rows, order, B);
      const cpu = process.cpuUsage(cpu0);
      cpuSeconds += (cpu.user + cpu.system) / 1e6;
      epochSeconds.push(r.seconds);
      progress(`engine epoch ${e + 1}/${epochs}: ${r.seconds.toFixed(2)} s (mean loss ${r.meanLoss.toFixed(4)}, acc ${r.acc.toFixed(1)} %)`);
    }
  } finally {
    trainer.dispose();
  }
  const profile = profileSteps(model, data.rows, order, readout, kernels, Math.min(10, batchesPerEpoch));
  const secondsPerEpoch = epochSeconds.reduce((a, b) => a + b, 0) / epochs;

  // One review (the first training row), forward + backward with every snapshot, batch of one.
  const one = sliceBatch(data.rows, order, 0, 1);
  const reviewTimes: number[] = [];
  for (let i = 0; i < reviewRepeats + 3; i++) {
    const t0 = performance.now();
    const fwd = unrolledForward(model, one.batch, readout, kernels);
    unrolledBackward(model, fwd, one.labels, kernels);
    if (i >= 3) reviewTimes.push(performance.now() - t0);
  }
  const reviewForwardBackwardMs = reviewRepeats > 0 ? median(reviewTimes) : NaN;
  progress(`one review forward + backward: ${reviewForwardBackwardMs.toFixed(2)} ms`);

  let baselineSecondsPerEpoch = NaN;
  let baselineCpuSecondsPerEpoch = NaN;
  if (baselineBatches > 0) {
    const b = await timeBaseline(data, order, Math.min(baselineBatches, batchesPerEpoch - 1), progress);
    baselineSecondsPerEpoch = b.seconds;
    baselineCpuSecondsPerEpoch = b.cpuSeconds;
    progress(`tf.layers: ${baselineSecondsPerEpoch.toFixed(1)} s/epoch (extrapolated)`);
  }
  const cells = opts.cells
    ? benchCells({
        config, rows: data.rows, order, embedding: data.embedding, batchSize: B, lr: NOTEBOOK_BENCH.lr, readout, seed, kernels,
        torch: opts.cells === 'torch', progress,
      })
    : undefined;
  const tensorsAfter = tf.memory().numTensors;
  return {
    ...(cells ? { cells } : {}),
    data: data.data,
    dataNote: data.note,
    dataLoadSeconds: data.loadSeconds,
    dataLoadCpuSeconds: data.loadCpuSeconds,
    config: { ...NOTEBOOK_BENCH, trainRows, batchesPerEpoch, readout },
    tfBackend: tfInfo.backend,
    kernels: kernels.name,
    secondsPerEpoch,
    epochSeconds,
    cpuSecondsPerEpoch: cpuSeconds / epochs,
    baselineSecondsPerEpoch,
    baselineBatchesTimed: baselineBatches > 0 ? Math.min(baselineBatches, batchesPerEpoch - 1) : 0,
    baselineCpuSecondsPerEpoch,
    ratio: baselineSecondsPerEpoch / secondsPerEpoch,
    cpuRatio: baselineCpuSecondsPerEpoch / (cpuSeconds / epochs),
    reviewForwardBackwardMs,
    profile,
    loadAverage: { start: loadStart, end: loadavg()[0], cpus: cpus().length },
    tensorsBefore,
    tensorsAfter,
  };
}

/**
 * Times the phases of a training step on a copy of the model (the trained one, after the timed epochs) (forward, backward,
 * a tfjs Adam update through a separate trainer) and the RNN kernels alone, over `batches` batches.
 */
function profileSteps(
  source: ReturnType<typeof createUnrolledModel>,
  rows: TrainRows,
  order: Int32Array,
  readout: Readout,
  kernels: RnnKernels,
  batches: number,
): StepProfile {
  const { batchSize: B, seqLength: T, numLayers: L } = NOTEBOOK_BENCH;
  const model = createUnrolledModel(source.config, { embedding: source.weights['embedding.weight'] });
  for (const [k, v] of Object.entries(source.weights)) model.weights[k].set(v);
  const trainer = new UnrolledTrainer(model, { optimizer: 'adam', lr: NOTEBOOK_BENCH.lr, readout, kernels });
  let fwdMs = 0;
  let bwdMs = 0;
  let stepMs = 0;
  let kernelMs = 0;
  let adamMs = 0;
  const now = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const sizes: Record<string, number> = {};
  const shadow: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(model.weights)) {
    sizes[k] = v.length;
    shadow[k] = Float32Array.from(v);
  }
  const wasmAdam = new WasmAdam(sizes, { lr: NOTEBOOK_BENCH.lr });
  try {
    for (let i = 0; i < batches; i++) {
      const { batch, labels } = sliceBatch(rows, order, i * B, B);
      let t0 = now();
      const fwd = unrolledForward(model, batch, readout, kernels);
      fwdMs += now() - t0;
      t0 = now();
      const bwd = unrolledBackward(model, fwd, labels, kernels);
      bwdMs += now() - t0;
      t0 = now();
      wasmAdam.step(shadow, bwd.grads);
      adamMs += now() - t0;
      t0 = now();
      trainer.trainBatch(batch, labels);
      stepMs += now() - t0;
      t0 = now();
      for (let k = 0; k < L; k++) {
        const shape = layerShape(model, k, T, B);
        const w = layerWeights(model, k);
        const input = k === 0 ? fwd.x : fwd.layers[k - 1].h;
        const out = kernels.layerForward(shape, w, input);
        kernels.layerBackward(shape, w, input, out.h, out.h);
      }
      kernelMs += now() - t0;
    }
  } finally {
    trainer.dispose();
  }
  return {
    batches,
    forwardMs: fwdMs / batches,
    backwardMs: bwdMs / batches,
    // a whole trainer step minus its forward and backward: loss, norms, clipping check, Adam, read-back
    optimizerMs: Math.max(0, (stepMs - fwdMs - bwdMs) / batches),
    rnnKernelsMs: kernelMs / batches,
    wasmAdamMs: adamMs / batches,
  };
}

/** The result as lines for a terminal. */
export function formatBench(r: BenchResult): string[] {
  const c = r.config;
  const f = (x: number, d: number): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  return [
    `config: ${c.trainRows} train rows, T=${c.seqLength}, B=${c.batchSize}, H=${c.hiddenSize}, ${c.numLayers} layers, ` +
      `${c.embeddingDim}-d trainable embedding, vocab ${c.vocabSize}, Adam ${c.lr}, readout ${c.readout}`,
    `data: ${r.data} — ${r.dataNote}` +
      (Number.isFinite(r.dataLoadSeconds) ? `; reviews + vocabulary + GloVe vectors loaded in ${r.dataLoadSeconds.toFixed(2)} s (${r.dataLoadCpuSeconds.toFixed(2)} CPU s)` : ''),
    `tfjs backend: ${r.tfBackend}; RNN kernels: ${r.kernels}`,
    `engine: ${f(r.secondsPerEpoch, 2)} s/epoch (epochs: ${r.epochSeconds.map((s) => s.toFixed(2)).join(', ')} s; ` +
      `${f(r.cpuSecondsPerEpoch, 2)} CPU s/epoch)`,
    `tf.layers SimpleRNN stack (embedding frozen): ${f(r.baselineSecondsPerEpoch, 1)} s/epoch ` +
      `(${f(r.baselineCpuSecondsPerEpoch, 1)} CPU s/epoch; extrapolated from ${r.baselineBatchesTimed} timed batches to ${c.batchesPerEpoch})`,
    `ratio: engine is ${f(r.ratio, 1)}× faster (${f(r.cpuRatio, 1)}× in CPU time)`,
    `one 100-token review, forward + backward with all snapshots: ${f(r.reviewForwardBackwardMs, 2)} ms (median)`,
    `step profile (${r.profile.batches} batches, CPU ms per batch): forward ${f(r.profile.forwardMs, 2)}, backward ` +
      `${f(r.profile.backwardMs, 2)}, loss+norms+Adam ${f(r.profile.optimizerMs, 2)}; RNN kernels alone ${f(r.profile.rnnKernelsMs, 2)}, ` +
      `f32x4 Adam (WasmAdam) ${f(r.profile.wasmAdamMs, 2)}`,
    ...(r.cells ? formatCellBench(r.cells) : []),
    `tfjs tensors: ${r.tensorsBefore} before, ${r.tensorsAfter} after`,
    `machine load (1-min average) ${r.loadAverage.start.toFixed(1)} at start, ${r.loadAverage.end.toFixed(1)} at end, on ${r.loadAverage.cpus} CPUs` +
      (r.loadAverage.start > r.loadAverage.cpus ? ' — other work competed for the CPUs: wall times are inflated, CPU s/epoch less so' : ''),
  ];
}
