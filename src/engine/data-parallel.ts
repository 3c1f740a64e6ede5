/**
 * Training on two cores: each batch is split in two, this thread (the leader) computes forward + BPTT for the
 * first ceil(B/2) rows with its wasm kernel instance while a helper thread (train-helper.ts, its own instance)
 * computes the rest; the two parts' gradients are added (a + b: the same float32 sum whichever finishes
 * first, so runs are deterministic), norms and clipping are taken once on the sum, and Adam — elementwise,
 * the wasm kernel that equals tf.train.adam bit for bit — updates the first half of the flat weights here and
 * the second half in the helper. Weights and gradients live in SharedArrayBuffers; the helper sleeps in
 * `Atomics.wait` between commands, so `trainBatch` stays synchronous like `UnrolledTrainer`'s.
 * The result equals the one-thread trainer's up to float32 rounding of the gradient sums.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { batchRows, partGradients } from './batch-part';
import { clipGradNorm, gradNorms } from './clip';
import { CTRL, CTRL_WORDS, flatOffsets, type HelperCommand, type HelperError, type HelperHello, type HelperInit, RESULT, RESULT_WORDS } from './data-parallel-shared';
import { getKernels } from './kernels/index';
import type { RnnKernels } from './kernels/types';
import { WasmAdam } from './kernels/wasm-adam';
import { armedStopFlag, StopRequested, throwIfStopped, type StopFlag } from './stop';
import { type StepResult, type TrainerOptions, UnrolledTrainer } from './trainer';
import { type SequenceBatch, validateBatch } from './unrolled-forward';
import type { Readout, UnrolledModel, WeightMap } from './unrolled-model';

/** What the epoch loop needs of a trainer (UnrolledTrainer and TwoThreadTrainer). */
export interface BatchTrainer {
  readonly model: UnrolledModel;
  trainBatch(batch: SequenceBatch, labels: ArrayLike<number>): StepResult;
  syncWeights(): void;
  dispose(): void;
}

/** Threads a run may use: 1, or 2 (the second only on a machine with at least 2 cores). */
export const MAX_TRAIN_THREADS = 2;

/** Cores this process may use. */
export function coreCount(): number {
  const osx = os as typeof os & { availableParallelism?: () => number };
  return osx.availableParallelism ? osx.availableParallelism() : os.cpus().length;
}

/** The thread count to use: `requested` (1 or 2), default 2 when the machine has at least 2 cores. */
export function resolveThreads(requested?: number, cores = coreCount()): 1 | 2 {
  if (requested !== undefined && requested !== 1 && requested !== 2) {
    throw new Error(`threads must be 1 or 2, got ${requested}`);
  }
  return (requested ?? 2) === 2 && cores >= 2 ? 2 : 1;
}

/** How the helper thread is started: the bundle beside this one, or the TypeScript source under tsx (tests). */
function helperWorker(init: HelperInit & { nice: number }, transfer: MessagePort[]): Worker {
  if (__filename.endsWith('.ts')) {
    const src = path.join(__dirname, '..', 'train-helper.ts');
    const boot = `require('tsx/cjs'); require(${JSON.stringify(src)});`;
    return new Worker(boot, { eval: true, execArgv: [], workerData: init, transferList: transfer });
  }
  const file = path.join(__dirname, 'train-helper.js');
  if (!existsSync(file)) throw new Error(`the second training thread's script ${file} is missing (run "npm run build")`);
  return new Worker(file, { workerData: init, transferList: transfer, execArgv: [] });
}

/** Longest wait for the helper to start when a batch arrives before `ready()` was awaited. */
const START_TIMEOUT_MS = 30_000;

/** Data-parallel Adam trainer over two threads; `ready()` resolves when the helper runs. */
export class TwoThreadTrainer implements BatchTrainer {
  readonly model: UnrolledModel;
  readonly readout: Readout;
  readonly clipNorm: number | null;
  /** 0 = full BPTT. */
  readonly truncateBptt: number;
  readonly lr: number;
  /** The kernels of this thread and, once started, of the helper. */
  readonly kernelNames: string[];
  private readonly kernels: RnnKernels;
  private readonly names: string[];
  private readonly sizes: number[];
  private readonly offsets: number[];
  private readonly ctrl: Int32Array;
  private readonly params: Float32Array;
  private readonly grads: Float32Array;
  private readonly gradView: WeightMap;
  private readonly helperRows: Int32Array;
  private readonly result: Float64Array;
  private readonly embeddingGrad: Float32Array;
  private readonly split: number;
  private readonly adam: WasmAdam;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly started: Promise<void>;
  private seq = 0;
  /** The stop flag the helper was last given (the armed one is sent with a batch when it changes). */
  private helperStop: StopFlag | null = null;
  private disposed = false;
  private failure: string | null = null;

  constructor(model: UnrolledModel, options: TrainerOptions = {}) {
    if ((options.optimizer ?? 'adam') !== 'adam') throw new Error('the two-thread trainer runs Adam only');
    this.model = model;
    this.readout = options.readout ?? 'final';
    this.clipNorm = options.clipNorm ?? null;
    this.truncateBptt = options.truncateBptt ?? 0;
    this.lr = options.lr ?? 1e-3;
    this.kernels = options.kernels ?? getKernels();
    this.kernelNames = [this.kernels.name];
    this.names = Object.keys(model.weights);
    this.sizes = this.names.map((n) => model.weights[n].length);
    this.offsets = flatOffsets(this.sizes);
    const P = this.sizes.reduce((a, b) => a + b, 0);
    const f32 = (n: number): SharedArrayBuffer => new SharedArrayBuffer(4 * n);
    const init: HelperInit & { nice: number } = {
      ctrl: new SharedArrayBuffer(4 * CTRL_WORDS),
      params: f32(P),
      grads: f32(P),
      rows: new SharedArrayBuffer(4 * model.config.vocabSize),
      result: new SharedArrayBuffer(8 * RESULT_WORDS),
      port: undefined as unknown as MessagePort,
      kind: model.kind,
      config: { ...model.config },
      names: this.names,
      sizes: this.sizes,
      readout: this.readout,
      truncateBptt: this.truncateBptt,
      lr: this.lr,
      adamFrom: 0,
      kernels: this.kernels.name,
      nice: niceness(),
    };
    this.ctrl = new Int32Array(init.ctrl);
    this.params = new Float32Array(init.params);
    this.grads = new Float32Array(init.grads);
    this.helperRows = new Int32Array(init.rows);
    this.result = new Float64Array(init.result);
    this.gradView = {};
    this.names.forEach((n, i) => (this.gradView[n] = this.grads.subarray(this.offsets[i], this.offsets[i] + this.sizes[i])));
    this.embeddingGrad = new Float32Array(model.weights['embedding.weight'].length);
    this.split = Math.floor(P / 2) & ~3;
    init.adamFrom = this.split;
    this.adam = new WasmAdam({ part: this.split }, { lr: this.lr });
    this.syncWeights();
    const channel = new MessageChannel();
    this.port = channel.port1;
    init.port = channel.port2;
    this.worker = helperWorker(init, [channel.port2]);
    this.worker.unref();
    this.started = new Promise<void>((resolve) => {
      const fail = (why: string): void => {
        this.failure ??= why;
        resolve();
      };
      this.worker.once('message', (m: HelperHello) => {
        if (m.type === 'ready') this.kernelNames.push(m.kernels);
        else fail(m.message);
        resolve();
      });
      this.worker.once('error', (e) => fail(e instanceof Error ? e.message : String(e)));
      this.worker.once('exit', (code) => fail(`it exited with code ${code}`));
    });
  }

  /** Resolves when the helper thread runs; null, or why it did not start (the trainer then cannot train). */
  async ready(): Promise<string | null> {
    await this.started;
    return this.failure;
  }

  /** One step on a batch: the same contract and result as UnrolledTrainer.trainBatch. */
  trainBatch(batch: SequenceBatch, labels: ArrayLike<number>): StepResult {
    if (this.disposed) throw new Error('trainer used after dispose()');
    this.awaitStart();
    validateBatch(this.model, batch);
    const B = batch.batchSize;
    const D = this.model.config.embeddingDim;
    const nA = Math.ceil(B / 2);
    this.syncWeights();
    const theirs = batchRows(batch, labels, nA, B - nA);
    // A stop armed on this thread (stop.ts) must reach the helper's kernels too: it shares the same flag.
    const stop = armedStopFlag();
    const newStop = stop !== this.helperStop ? { stop: stop ? (stop.buffer as SharedArrayBuffer) : null } : {};
    this.helperStop = stop;
    this.command({ type: 'grads', ids: theirs.batch.ids, lengths: theirs.batch.lengths, labels: theirs.labels, seqLength: batch.seqLength, fullBatchSize: B, ...newStop });
    const mine = batchRows(batch, labels, 0, nA);
    let a: ReturnType<typeof partGradients>;
    try {
      a = partGradients(this.model, mine.batch, mine.labels, B, this.readout, this.kernels, this.embeddingGrad, this.truncateBptt);
    } catch (e) {
      this.awaitDone(); // the helper stops too (same flag); it must be idle before the next command
      throw e;
    }
    this.awaitDone();
    // gradient = helper's part + this thread's part (embedding: only the rows this part touched)
    for (const name of this.names) {
      const g = this.gradView[name];
      const mineG = a.grads[name];
      if (name === 'embedding.weight') {
        for (const row of a.embeddingRows) {
          for (let o = row * D, end = o + D; o < end; o++) g[o] += mineG[o];
        }
      } else {
        for (let i = 0; i < g.length; i++) g[i] += mineG[i];
      }
    }
    const rows = unionSorted(a.embeddingRows, this.helperRows.subarray(0, this.result[RESULT.embeddingRows]));
    const loss = (a.lossSum + this.result[RESULT.lossSum]) / B;
    const correct = a.correct + this.result[RESULT.correct];
    const norms = gradNorms(this.gradView, { name: 'embedding.weight', rows, width: D });
    let clipped = false;
    let finite = norms.finite && Number.isFinite(loss);
    if (finite && this.clipNorm !== null) {
      const c = clipGradNorm(this.gradView, this.clipNorm, norms.total);
      clipped = c.clipped;
      finite = c.finite;
    }
    if (finite) {
      throwIfStopped(); // last point to abandon the batch: from here on the weights change
      this.command({ type: 'adam' });
      this.adam.step({ part: this.params.subarray(0, this.split) }, { part: this.grads.subarray(0, this.split) });
      this.awaitDone();
      this.names.forEach((n, i) => this.model.weights[n].set(this.params.subarray(this.offsets[i], this.offsets[i] + this.sizes[i])));
    }
    return { loss, correct, batchSize: B, totalNorm: norms.total, finite, clipped, skipped: !finite, perParamNorm: norms.perParam };
  }

  /** The last batch's gradient (both parts summed, after clipping), by weight name; views, overwritten next batch. */
  get gradients(): WeightMap {
    return this.gradView;
  }

  /** Copies the model's weights into the shared array both threads read (also done before every batch). */
  syncWeights(): void {
    this.names.forEach((n, i) => this.params.set(this.model.weights[n], this.offsets[i]));
  }

  /** Stops the helper thread. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (Atomics.load(this.ctrl, CTRL.ready) === 1) this.command({ type: 'exit' });
    void this.worker.terminate();
    this.port.close();
  }

  private command(cmd: HelperCommand): void {
    this.port.postMessage(cmd);
    this.seq++;
    Atomics.store(this.ctrl, CTRL.cmd, this.seq);
    Atomics.notify(this.ctrl, CTRL.cmd);
  }

  /** Blocks until the helper has started (it normally has: `ready()` is awaited before training). */
  private awaitStart(): void {
    if (this.failure) throw new Error(`the second training thread did not start: ${this.failure}`);
    if (Atomics.load(this.ctrl, CTRL.ready) === 0) Atomics.wait(this.ctrl, CTRL.ready, 0, START_TIMEOUT_MS);
    const state = Atomics.load(this.ctrl, CTRL.ready);
    if (state === 0) throw new Error(`the second training thread did not start within ${START_TIMEOUT_MS / 1000} s`);
    if (state === 2) throw new Error('the second training thread did not start (its kernels failed to load)');
  }

  /** Blocks until the helper has finished the last command; throws its error if it failed. */
  private awaitDone(): void {
    for (;;) {
      const done = Atomics.load(this.ctrl, CTRL.done);
      if (done === this.seq) break;
      Atomics.wait(this.ctrl, CTRL.done, done);
    }
    const status = Atomics.load(this.ctrl, CTRL.status);
    if (status === 2) throw new StopRequested();
    if (status !== 0) {
      const m = receiveMessageOnPort(this.port)?.message as HelperError | undefined;
      throw new Error(`the second training thread failed: ${m?.message ?? 'no reason given'}`);
    }
  }
}

/** This thread's niceness (the extension's worker lowers its own; the helper follows it). */
function niceness(): number {
  try {
    return os.getPriority();
  } catch {
    return 0;
  }
}

/** The ascending union of two ascending id lists. */
export function unionSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) out[n++] = a[i++];
    else if (a[i] > b[j]) out[n++] = b[j++];
    else {
      out[n++] = a[i++];
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++];
  while (j < b.length) out[n++] = b[j++];
  return out.slice(0, n);
}

/** A trainer on `threads` threads (see resolveThreads); a second thread needs Adam and the wasm kernels. */
export function createBatchTrainer(
  model: UnrolledModel,
  options: TrainerOptions & { threads?: number },
): { trainer: BatchTrainer; threads: 1 | 2; note: string | null } {
  const threads = resolveThreads(options.threads);
  let note: string | null = threads === 1 && (options.threads ?? 2) === 2 ? 'one core available' : null;
  if (threads === 2) {
    if ((options.optimizer ?? 'adam') !== 'adam') note = 'a second thread needs Adam';
    else if ((process.env.UNROLLED_OPTIMIZER ?? '').trim().toLowerCase() === 'tfjs') note = 'UNROLLED_OPTIMIZER=tfjs runs on one thread';
    else {
      try {
        return { trainer: new TwoThreadTrainer(model, options), threads: 2, note: null };
      } catch (e) {
        note = `no second thread: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  }
  return { trainer: new UnrolledTrainer(model, options), threads: 1, note };
}
