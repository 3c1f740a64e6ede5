import { strict as assert } from 'node:assert';
import { clipGradNorm } from './clip';
import { createPrng } from '../shared/prng';
import { initTf } from './tf';
import { getKernels } from './kernels/index';
import { createBatchTrainer, resolveThreads, TwoThreadTrainer, unionSorted } from './data-parallel';
import { type Dataset, sliceBatch, UnrolledTrainer } from './trainer';
import { unrolledForward } from './unrolled-forward';
import { unrolledBackward } from './unrolled-backward';
import { cloneUnrolledModel, createUnrolledModel, type Readout, type UnrolledConfig } from './unrolled-model';

function randomRows(n: number, T: number, V: number, seed: number): Dataset {
  const p = createPrng(seed);
  const ids = new Int32Array(n * T);
  const lengths = new Int32Array(n);
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    lengths[r] = 1 + p.int(T + T / 2);
    if (lengths[r] > T) lengths[r] = T;
    labels[r] = p.int(2);
    for (let t = 0; t < lengths[r]; t++) ids[r * T + t] = 1 + p.int(V - 1);
  }
  return { ids, lengths, labels, count: n, seqLength: T };
}

function maxAbsDiff(a: Record<string, Float32Array>, b: Record<string, Float32Array>): { max: number; where: string; compared: number } {
  let max = 0;
  let where = '';
  let compared = 0;
  for (const name of Object.keys(a)) {
    for (let i = 0; i < a[name].length; i++) {
      const d = Math.abs(a[name][i] - b[name][i]);
      compared++;
      if (!(d <= max)) {
        max = d;
        where = `${name}[${i}]`;
      }
    }
  }
  return { max, where, compared };
}

/** Trains `batches` batches with one thread and with two from the same weights; returns both trainers' models. */
async function trainBoth(cfg: UnrolledConfig, readout: Readout, B: number, batches: number, clip: number | null, truncateBptt = 0) {
  const data = randomRows(B * batches, cfg.seqLength, cfg.vocabSize, 11);
  const m1 = createUnrolledModel(cfg, { seed: 5 });
  const m2 = cloneUnrolledModel(m1);
  const one = new UnrolledTrainer(m1, { readout, lr: 2e-3, clipNorm: clip, truncateBptt });
  const two = new TwoThreadTrainer(m2, { readout, lr: 2e-3, clipNorm: clip, truncateBptt });
  assert.equal(await two.ready(), null);
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  const steps = [];
  let firstGradDiff = { max: NaN, where: '', compared: 0 };
  for (let i = 0; i < batches; i++) {
    const { batch, labels } = sliceBatch(data, order, i * B, B);
    if (i === 0) {
      const fwd = unrolledForward(m1, batch, readout, getKernels());
      const ref = unrolledBackward(m1, fwd, labels, getKernels(), { norms: false, truncateBptt });
      if (clip !== null) clipGradNorm(ref.grads, clip);
      const r2 = two.trainBatch(batch, labels);
      firstGradDiff = maxAbsDiff(ref.grads, two.gradients);
      const r1 = one.trainBatch(batch, labels);
      steps.push([r1, r2]);
    } else {
      steps.push([one.trainBatch(batch, labels), two.trainBatch(batch, labels)]);
    }
  }
  const kernels = two.kernelNames;
  one.dispose();
  two.dispose();
  return { m1, m2, steps, firstGradDiff, kernels };
}

describe('training on two threads (data-parallel)', function () {
  this.timeout(120000);
  before(async () => {
    await initTf();
  });

  it('equals the one-thread trainer within 1e-5 at the notebook shape (T=100, B=32, H=64, 2 layers, V=5,001)', async () => {
    const cfg = { vocabSize: 5001, embeddingDim: 100, hiddenSize: 64, numLayers: 2, outputSize: 2, seqLength: 100 };
    const r = await trainBoth(cfg, 'final', 32, 4, null);
    console.log(`      kernels: ${r.kernels.join(' + ')}; batch-1 gradient max |two − one| ${r.firstGradDiff.max.toExponential(2)} (${r.firstGradDiff.where}) over ${r.firstGradDiff.compared} values`);
    assert.deepEqual(r.kernels, [getKernels().name, getKernels().name]);
    assert.ok(r.firstGradDiff.max < 1e-5, `gradient ${r.firstGradDiff.where} differs by ${r.firstGradDiff.max}`);
    for (const [a, b] of r.steps) {
      assert.ok(Math.abs(a.loss - b.loss) < 1e-6, `loss ${a.loss} vs ${b.loss}`);
      assert.equal(a.correct, b.correct);
      assert.ok(Math.abs(a.totalNorm - b.totalNorm) <= 1e-5 * a.totalNorm, `norm ${a.totalNorm} vs ${b.totalNorm}`);
      assert.ok(a.loss > 0.3 && a.totalNorm > 1e-3, 'real figures');
    }
    const w = maxAbsDiff(r.m1.weights, r.m2.weights);
    const moved = maxAbsDiff(r.m1.weights, createUnrolledModel(cfg, { seed: 5 }).weights);
    console.log(`      after 4 batches: weights max |two − one| ${w.max.toExponential(2)} (${w.where}); moved up to ${moved.max.toExponential(2)}`);
    assert.ok(w.max < 1e-5, `weight ${w.where} differs by ${w.max}`);
    assert.ok(moved.max > 5e-3, 'training moved the weights');
  });

  it('equals it for mean/last-token readouts, clipping, an odd batch and a batch of 1; and repeats bit for bit', async () => {
    const cfg = { vocabSize: 60, embeddingDim: 8, hiddenSize: 12, numLayers: 3, outputSize: 2, seqLength: 9 };
    for (const [readout, B, clip] of [['mean', 7, 0.05], ['last-token', 1, null], ['final', 2, 1]] as const) {
      const r = await trainBoth(cfg, readout, B, 6, clip);
      const w = maxAbsDiff(r.m1.weights, r.m2.weights);
      assert.ok(r.firstGradDiff.max < 1e-6, `${readout} B=${B}: gradient ${r.firstGradDiff.where} differs by ${r.firstGradDiff.max}`);
      assert.ok(w.max < 1e-5, `${readout} B=${B}: weight ${w.where} differs by ${w.max}`);
      if (clip !== null && B > 1) assert.ok(r.steps.some(([a, b]) => a.clipped && b.clipped), `${readout}: clipping happened in both`);
      if (readout === 'mean') {
        const again = await trainBoth(cfg, readout, B, 6, clip);
        assert.equal(maxAbsDiff(r.m2.weights, again.m2.weights).max, 0, `${readout} B=${B}: two runs on two threads are identical`);
      }
    }
  });

  it('equals it with truncated BPTT (K = 4 of 9): the helper cuts the same steps', async () => {
    const cfg = { vocabSize: 60, embeddingDim: 8, hiddenSize: 12, numLayers: 2, outputSize: 2, seqLength: 9 };
    const r = await trainBoth(cfg, 'mean', 6, 4, null, 4);
    const full = await trainBoth(cfg, 'mean', 6, 4, null, 0);
    assert.ok(r.firstGradDiff.max < 1e-6, `gradient ${r.firstGradDiff.where} differs by ${r.firstGradDiff.max}`);
    assert.ok(maxAbsDiff(r.m1.weights, r.m2.weights).max < 1e-5);
    assert.ok(maxAbsDiff(r.m2.weights, full.m2.weights).max > 1e-6, 'truncation changed the training');
  });

  it('equals it for gated cells (LSTM, GRU): the helper runs the same cell kernels', async () => {
    for (const cell of ['lstm', 'gru'] as const) {
      const cfg = { vocabSize: 40, embeddingDim: 6, hiddenSize: 7, numLayers: 2, outputSize: 2, seqLength: 8, cell };
      const r = await trainBoth(cfg, 'mean', 6, 4, null);
      const w = maxAbsDiff(r.m1.weights, r.m2.weights);
      assert.ok(r.firstGradDiff.max < 1e-6, `${cell}: gradient ${r.firstGradDiff.where} differs by ${r.firstGradDiff.max}`);
      assert.ok(w.max < 1e-5, `${cell}: weight ${w.where} differs by ${w.max}`);
      assert.ok(Object.keys(r.m2.weights).includes('rnn_cells.0.weight_hh'), `${cell} weights were trained`);
    }
  });

  it('reports an error of the second thread with its message, and the thread count chosen', async () => {
    const cfg = { vocabSize: 20, embeddingDim: 4, hiddenSize: 5, numLayers: 1, outputSize: 2, seqLength: 3 };
    const two = new TwoThreadTrainer(createUnrolledModel(cfg, { seed: 1 }), { lr: 1e-3 });
    assert.equal(await two.ready(), null);
    const batch = { ids: Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), lengths: Int32Array.of(3, 3, 3, 3), batchSize: 4,
      seqLength: 3 };
    // row 3 is in the second thread's half: its bad label fails there, and the message comes back
    assert.throws(() => two.trainBatch(batch, [0, 1, 0, 5]), /^Error: the second training thread failed: label 5 is not a class in 0\.\.1$/);
    // ids are checked on the whole batch first, so the row is the batch's (as on one thread)
    const bad = { ...batch, ids: Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 99) };
    assert.throws(() => two.trainBatch(bad, [0, 1, 0, 1]), /token id 99 at row 3, position 2 is outside the vocabulary 0\.\.19/);
    // and it still trains afterwards
    assert.ok(Number.isFinite(two.trainBatch(batch, [0, 1, 0, 1]).loss));
    two.dispose();
    assert.equal(resolveThreads(undefined, 2), 2);
    assert.equal(resolveThreads(undefined, 1), 1);
    assert.equal(resolveThreads(1, 8), 1);
    assert.throws(() => resolveThreads(3), /threads must be 1 or 2, got 3/);
    const sgd = createBatchTrainer(createUnrolledModel(cfg, { seed: 1 }), { optimizer: 'sgd', lr: 0.1, threads: 2 });
    assert.equal(sgd.threads, 1);
    assert.equal(sgd.note, 'a second thread needs Adam');
    sgd.trainer.dispose();
    assert.deepEqual(Array.from(unionSorted(Int32Array.of(1, 4, 9), Int32Array.of(2, 4, 10, 11))), [1, 2, 4, 9, 10, 11]);
  });
});
