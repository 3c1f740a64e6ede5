import { strict as assert } from 'node:assert';
import { createPrng } from '../shared/prng';
import { initTf } from './tf';
import { createReferenceKernels, getKernels } from './kernels/index';
import type { RnnKernels } from './kernels/types';
import { TwoThreadTrainer, type BatchTrainer } from './data-parallel';
import { type Dataset, sliceBatch, UnrolledTrainer } from './trainer';
import { unrolledForward } from './unrolled-forward';
import { cloneUnrolledModel, createUnrolledModel, type UnrolledConfig, type UnrolledModel } from './unrolled-model';
import { createStopFlag, isStopRequested, requestStop, setStopProbe, StopRequested, whileStoppable } from './stop';

function randomRows(n: number, T: number, V: number, seed: number): Dataset {
  const p = createPrng(seed);
  const ids = new Int32Array(n * T);
  const lengths = new Int32Array(n);
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    lengths[r] = 1 + p.int(T);
    labels[r] = p.int(2);
    for (let t = 0; t < lengths[r]; t++) ids[r * T + t] = 1 + p.int(V - 1);
  }
  return { ids, lengths, labels, count: n, seqLength: T };
}

function sameWeights(a: UnrolledModel, b: UnrolledModel): string | null {
  for (const name of Object.keys(a.weights)) {
    const x = a.weights[name];
    const y = b.weights[name];
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${name}[${i}]: ${x[i]} vs ${y[i]}`;
  }
  return null;
}

/** Kernel looks one whole batch takes (counted with the probe, no flag set). */
function looksPerBatch(trainer: BatchTrainer, batch: ReturnType<typeof sliceBatch>): number {
  let looks = 0;
  setStopProbe(() => looks++);
  try {
    whileStoppable(createStopFlag(), () => trainer.trainBatch(batch.batch, batch.labels));
  } finally {
    setStopProbe(null);
  }
  return looks;
}

/**
 * Trains batch 0 on a model and on its clone; then on the first a stop is asked at kernel look `at` of batch 1
 * (the probe sets the flag, as another thread would). Returns how many looks followed the stop, and whether
 * the batch threw StopRequested; afterwards both models must be equal and train batch 1 to equal weights.
 */
async function stopAtLook(make: (m: UnrolledModel) => BatchTrainer, cfg: UnrolledConfig, B: number,
  at: (perBatch: number) => number): Promise<{
  threw: boolean; looksAfter: number; perBatch: number; diffAfterStop: string | null; diffAfterResume: string | null; kernels: string[];
}> {
  const data = randomRows(3 * B, cfg.seqLength, cfg.vocabSize, 21);
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  const b0 = sliceBatch(data, order, 0, B);
  const b1 = sliceBatch(data, order, B, B);
  const b2 = sliceBatch(data, order, 2 * B, B);
  const mA = createUnrolledModel(cfg, { seed: 9 });
  const mB = cloneUnrolledModel(mA);
  const tA = make(mA);
  const tB = make(mB);
  const kernels: string[] = [];
  try {
    for (const t of [tA, tB] as Array<BatchTrainer & { ready?: () => Promise<string | null>; kernelNames?: string[] }>) {
      if (t.ready) assert.equal(await t.ready(), null, 'the second thread did not start');
      kernels.push((t.kernelNames ?? []).join('+'));
    }
    tA.trainBatch(b0.batch, b0.labels);
    tB.trainBatch(b0.batch, b0.labels);
    // the looks a batch takes, counted on a throwaway copy of the model (same shapes, same looks)
    const mC = cloneUnrolledModel(mA);
    const tC: BatchTrainer & { ready?: () => Promise<string | null> } = make(mC);
    if (tC.ready) await tC.ready();
    let perBatch: number;
    try {
      perBatch = looksPerBatch(tC, b2);
    } finally {
      tC.dispose();
    }
    const stopAt = at(perBatch);
    const flag = createStopFlag();
    let looks = 0;
    let setAt = -1;
    setStopProbe(() => {
      looks++;
      if (looks === stopAt) {
        requestStop(flag);
        setAt = looks;
      }
    });
    let threw = false;
    try {
      whileStoppable(flag, () => tA.trainBatch(b1.batch, b1.labels));
    } catch (e) {
      if (!(e instanceof StopRequested)) throw e;
      threw = true;
    } finally {
      setStopProbe(null);
    }
    const diffAfterStop = sameWeights(mA, mB);
    // the next batch, not stopped, trains as if the stopped one had never started
    tA.trainBatch(b1.batch, b1.labels);
    tB.trainBatch(b1.batch, b1.labels);
    return { threw, looksAfter: setAt < 0 ? NaN : looks - setAt, perBatch, diffAfterStop, diffAfterResume: sameWeights(mA, mB), kernels };
  } finally {
    tA.dispose();
    tB.dispose();
  }
}

const TANH: UnrolledConfig = { vocabSize: 60, embeddingDim: 12, hiddenSize: 40, numLayers: 2, outputSize: 2, seqLength: 30 };

describe('stop inside a batch (issue 16 case 8)', function () {
  before(async () => {
    await initTf();
  });

  it('runs the wasm kernels here (the tests below name the path that ran)', () => {
    assert.equal(getKernels().name, 'wasm-simd');
  });

  for (const where of ['forward', 'backward'] as const) {
    it(`wasm kernels, one thread: a stop in the ${where} pass ends the batch at once and leaves the model as it was`, async () => {
      const kernels = getKernels();
      const r = await stopAtLook((m) => new UnrolledTrainer(m, { lr: 5e-3, kernels }), TANH, 8, (n) => (where === 'forward' ? 3 : Math.floor(n * 0.75)));
      assert.ok(r.perBatch > 20, `a batch should look at the flag many times, looked ${r.perBatch}`);
      assert.equal(r.threw, true, 'the batch was not stopped');
      // the kernel returned within a step of the look that saw the flag (a GEMM returns, the step loop's own look
      // ends the kernel), then the host's look threw: a bounded count, not the rest of the batch
      assert.ok(r.looksAfter <= 3, `${r.looksAfter} looks after the stop (of ${r.perBatch} a batch)`);
      assert.equal(r.diffAfterStop, null, 'the stopped batch changed the weights');
      assert.equal(r.diffAfterResume, null, 'training after the stop differs from a run never stopped');
    });
  }

  it('reference kernels: a stop between time steps, same guarantees', async () => {
    const kernels: RnnKernels = createReferenceKernels();
    const r = await stopAtLook((m) => new UnrolledTrainer(m, { lr: 5e-3, kernels }), { ...TANH, hiddenSize: 16, seqLength: 12 }, 4,
      (n) => Math.floor(n / 2));
    assert.deepEqual(r.kernels, ['', '']); // UnrolledTrainer has no kernelNames; the kernels are the ones passed
    assert.equal(r.threw, true);
    assert.equal(r.looksAfter, 0, 'the reference loop throws at the look that sees the flag');
    assert.equal(r.diffAfterStop, null);
    assert.equal(r.diffAfterResume, null);
  });

  for (const cell of ['lstm', 'gru'] as const) {
    it(`wasm ${cell} kernels: a stop part-way leaves the model as it was`, async () => {
      const kernels = getKernels();
      const r = await stopAtLook((m) => new UnrolledTrainer(m, { lr: 5e-3, kernels }), { ...TANH, cell }, 8, (n) => Math.floor(n / 3));
      assert.equal(r.threw, true);
      assert.ok(r.looksAfter <= 3, `${r.looksAfter} looks after the stop (of ${r.perBatch} a batch)`);
      assert.equal(r.diffAfterStop, null);
      assert.equal(r.diffAfterResume, null);
    });
  }

  it('two threads: the helper sees the same flag; the batch is abandoned, the helper stays usable', async () => {
    const make = (m: UnrolledModel): BatchTrainer => new TwoThreadTrainer(m, { lr: 5e-3 });
    const r = await stopAtLook(make, { ...TANH, hiddenSize: 64, seqLength: 60 }, 16, (n) => Math.floor(n / 4));
    assert.deepEqual(r.kernels, ['wasm-simd+wasm-simd', 'wasm-simd+wasm-simd']);
    assert.equal(r.threw, true);
    assert.equal(r.diffAfterStop, null, 'the stopped batch changed the weights');
    assert.equal(r.diffAfterResume, null, 'training after the stop differs from a run never stopped');
  });

  it('a flag already set stops before any work; an unarmed flag changes nothing', () => {
    const m = createUnrolledModel(TANH, { seed: 3 });
    const data = randomRows(4, TANH.seqLength, TANH.vocabSize, 5);
    const { batch } = sliceBatch(data, [0, 1, 2, 3], 0, 4);
    const flag = createStopFlag();
    requestStop(flag);
    assert.equal(isStopRequested(flag), true);
    let ran = false;
    assert.throws(() => whileStoppable(flag, () => (ran = true)), StopRequested);
    assert.equal(ran, false);
    // a forward pass outside whileStoppable (e.g. a predict request) is not affected by a set flag
    const a = unrolledForward(m, batch, 'final', getKernels()).logits;
    const b = unrolledForward(m, batch, 'final', getKernels()).logits;
    assert.deepEqual(Array.from(a), Array.from(b));
    assert.ok(a.every(Number.isFinite));
    assert.equal(isStopRequested(undefined), false);
  });
});
