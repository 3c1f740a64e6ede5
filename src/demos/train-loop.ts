/**
 * The notebook's training loop as events: per epoch a seeded shuffle, batches of `batch` (the last
 * incomplete one dropped, as the notebook does), one engine training step per batch (the engine's epoch
 * loop, epochSteps, the one `npm run bench` times), then the epoch's mean loss and accuracy. Shared by the
 * `train` and `compare` demos. A stop is seen between batches (the AbortSignal) and inside a batch (the
 * run's StopFlag, looked at by the kernels: src/engine/stop.ts); a batch stopped part-way is abandoned
 * before its update, so the model is as it was after the last completed batch.
 */
import { permutation } from '../data/index';
import { predictIds } from '../engine/predict';
import { createUnrolledModel, type UnrolledModel } from '../engine/unrolled-model';
import { epochSteps, evaluate, UnrolledTrainer, type Dataset as EngineData, type EpochResult, type EpochStep } from '../engine/trainer';
import type { SequenceBatch } from '../engine/unrolled-forward';
import { type BatchTrainer, createBatchTrainer } from '../engine/data-parallel';
import type { DemoEvent, EvalEvent, ReadoutName, SnapshotEvent } from '../shared/events';
import { snapshotOf } from './predict';
import { shouldStop } from './pause';
import type { TrainData } from './train-data';
import type { CellType } from '../engine/cells/types';
import { isStopRequested, type StopFlag, StopRequested, whileStoppable } from '../engine/stop';

export interface RunSetup {
  readout: ReadoutName;
  /** The recurrent cell (default tanh). */
  cell?: CellType;
  /** Gated cells: the keep gate's initial bias (engine default 1; null = PyTorch's draw). */
  keepGateBias?: number | null;
  /** 0 = no clipping. */
  clip: number;
  /** Truncated BPTT every K steps (src/engine/truncate.ts); 0 = full. */
  truncateBptt?: number;
  lr: number;
  epochs: number;
  batch: number;
  hidden: number;
  layers: number;
  seed: number;
  series?: string;
  /** Training threads, 1 or 2 (default 2 on a machine with 2 or more cores; see engine/data-parallel.ts). */
  threads?: number;
}

export interface EpochFigures {
  loss: number;
  acc: number;
  seconds: number;
  skipped: number;
}

/** A model being trained, with what it has done so far. */
export class TrainingRun {
  readonly model: UnrolledModel;
  /** Threads the batches are trained on (1 after a second thread failed to start). */
  threads: 1 | 2;
  private trainerNow: BatchTrainer;
  /** Why a second thread is not used although asked for (null when it is, or one was asked for). */
  threadNote: string | null;
  readonly epochs: EpochFigures[] = [];
  /** Batches trained so far (updates applied or skipped), over all epochs. */
  updates = 0;
  /** True once a stop was seen (signal or flag); the batch it interrupted was abandoned. */
  stopped = false;
  /**
   * `snapshotIdBase`: ids of this run's snapshots are base + epoch (0 = before training), so runs trained
   * side by side (Compare Readouts) use disjoint ranges.
   */
  constructor(readonly setup: RunSetup, readonly data: TrainData, readonly snapshotIdBase = 0) {
    this.model = createUnrolledModel(
      {
        vocabSize: data.vocab.size,
        embeddingDim: data.embeddingDim,
        hiddenSize: setup.hidden,
        numLayers: setup.layers,
        outputSize: 2,
        seqLength: data.train.seqLength,
        ...(setup.cell && setup.cell !== 'tanh' ? { cell: setup.cell } : {}),
      },
      { seed: setup.seed, embedding: data.embeddings, ...(setup.keepGateBias !== undefined ? { keepGateBias: setup.keepGateBias } : {}) },
    );
    const made = createBatchTrainer(this.model, { ...this.trainerOptions(), threads: setup.threads });
    this.trainerNow = made.trainer;
    this.threads = made.threads;
    this.threadNote = made.note;
  }

  private trainerOptions(): ConstructorParameters<typeof UnrolledTrainer>[1] {
    const { lr, clip, readout, truncateBptt } = this.setup;
    return { optimizer: 'adam', lr, clipNorm: clip > 0 ? clip : null, readout, truncateBptt: truncateBptt ?? 0 };
  }

  get trainer(): BatchTrainer {
    return this.trainerNow;
  }

  /** Waits for a second training thread to start; if it cannot, trains on this one and says why. */
  private async *threadsReady(): AsyncGenerator<DemoEvent> {
    const t = this.trainerNow as BatchTrainer & { ready?: () => Promise<string | null> };
    const why = t.ready ? await t.ready() : null;
    if (why === null || this.updates > 0) return;
    t.dispose();
    this.trainerNow = new UnrolledTrainer(this.model, this.trainerOptions());
    this.threads = 1;
    this.threadNote = `the second training thread did not start (${why})`;
    yield { type: 'log', level: 'warn', text: `Training on one thread: ${this.threadNote}.` };
  }

  get trainSeconds(): number {
    return this.epochs.reduce((s, e) => s + e.seconds, 0);
  }

  /**
   * One epoch (0-based `epoch`). Yields a batch event per batch and the epoch event; returns false when it
   * was cancelled (the partial epoch is then not counted).
   */
  async *epoch(epoch: number, signal?: AbortSignal, stop?: StopFlag): AsyncGenerator<DemoEvent, boolean> {
    const { batch: B, epochs, series } = this.setup;
    const train = this.data.train;
    const order = permutation(train.count, (this.setup.seed + 7919 * (epoch + 1)) >>> 0);
    const batches = Math.floor(train.count / B);
    if (batches === 0) throw new Error(`batch size ${B} is larger than the ${train.count} training reviews`);
    yield* this.threadsReady();
    // The engine's epoch loop; a stop is checked before each batch and, through the flag, inside one.
    const stoppable = { trainBatch: (batch: SequenceBatch, labels: ArrayLike<number>) => whileStoppable(stop,
      () => this.trainer.trainBatch(batch, labels)) };
    const steps = epochSteps(stoppable, train, order, B);
    let end: EpochResult;
    for (let i = 0; ; i++) {
      if (i < batches && ((await shouldStop(signal)) || isStopRequested(stop))) {
        this.stopped = true;
        return false;
      }
      let n: IteratorResult<EpochStep, EpochResult>;
      try {
        n = steps.next();
      } catch (e) {
        if (!(e instanceof StopRequested)) throw e;
        this.stopped = true;
        return false;
      }
      if (n.done) { end = n.value; break; }
      const r = n.value.result;
      this.updates++;
      yield {
        type: 'batch', ...(series ? { series } : {}), epoch: epoch + 1, batch: i + 1, batches,
        loss: r.loss, acc: (100 * r.correct) / r.batchSize, gradNorm: r.totalNorm, clipped: r.clipped, skipped: r.skipped,
      };
    }
    const { seconds, skipped } = end;
    const fig: EpochFigures = { loss: end.meanLoss, acc: end.acc, seconds, skipped };
    this.epochs.push(fig);
    yield { type: 'epoch', ...(series ? { series } : {}), epoch: epoch + 1, epochs, loss: fig.loss, acc: fig.acc, seconds };
    const watched = this.watchSnapshot(epoch + 1);
    if (watched) yield watched;
    if (skipped > 0) {
      yield { type: 'log', level: 'warn', text: `${series ? `[${series}] ` : ''}${skipped} of ${batches} updates skipped: the gradient norm was not finite.` };
    }
    return true;
  }

  /**
   * The first test review read by the model as it is after `epoch` epochs (0 = untrained): every hidden state,
   * its gradient against the true label, the running P(positive) — so the visualizer can scrub through
   * training epoch by epoch on one review. Null when there is no test review.
   */
  watchSnapshot(epoch: number): SnapshotEvent | null {
    const test = this.data.test;
    if (test.count === 0) return null;
    const T = test.seqLength;
    const ids = test.ids.subarray(0, T);
    const length = Math.max(1, test.lengths[0] ?? 0);
    const snap = predictIds(this.model, ids, length, this.setup.readout,
      { target: test.labels[0], truncateBptt: this.setup.truncateBptt ?? 0 });
    const words = Array.from(ids, (id) => (id === 0 ? '<PAD>' : this.data.vocab.words[id] ?? '?'));
    const who = this.setup.series ? `${this.setup.series}, ` : '';
    const label = `${who}test review 1 after epoch ${epoch} (label ${test.labels[0] === 1 ? 'positive' : 'negative'})`;
    return snapshotOf(snap, words, length, this.setup.readout, this.snapshotIdBase + epoch, label);
  }

  /**
   * Loss and accuracy (percent) on a set, without training. With a stop flag, a stop part-way throws
   * StopRequested (and marks the run stopped).
   */
  evaluate(data: EngineData, split: EvalEvent['split'], epoch?: number, stop?: StopFlag): EvalEvent {
    let r: ReturnType<typeof evaluate>;
    try {
      r = whileStoppable(stop, () => evaluate(this.model, data, this.setup.batch, this.setup.readout));
    } catch (e) {
      if (e instanceof StopRequested) this.stopped = true;
      throw e;
    }
    return {
      type: 'eval', ...(this.setup.series ? { series: this.setup.series } : {}), split,
      ...(epoch !== undefined ? { epoch } : {}), loss: r.meanLoss, acc: r.acc,
    };
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
