import { strict as assert } from 'node:assert';
import { getKernels } from './kernels/index';
import { createReferenceKernels } from './kernels/reference';
import { predictIds } from './predict';
import { createPrng } from '../shared/prng';
import { initTf, tf } from './tf';
import { type Dataset, UnrolledTrainer, evaluate, sliceBatch, trainEpoch } from './trainer';
import { makeBatch } from './unrolled-forward';
import { cloneUnrolledModel, createUnrolledModel } from './unrolled-model';

/** A learnable toy task: label 1 iff the review contains token 1 ("good"), ids 2..V-1 are noise. */
function toyData(n: number, T: number, V: number, seed: number): Dataset {
  const p = createPrng(seed);
  const ids = new Int32Array(n * T);
  const lengths = new Int32Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const len = 2 + p.int(T - 1);
    lengths[i] = len;
    labels[i] = p.int(2);
    for (let t = 0; t < len; t++) ids[i * T + t] = 2 + p.int(V - 2);
    if (labels[i] === 1) ids[i * T + p.int(len)] = 1;
  }
  return { ids, lengths, labels, count: n, seqLength: T };
}

describe('training the UnrolledRNN', () => {
  const cfg = { vocabSize: 12, embeddingDim: 6, hiddenSize: 8, numLayers: 2, outputSize: 2, seqLength: 8 };
  const kernels = createReferenceKernels();

  before(async () => {
    await initTf();
  });

  it('learns a toy task with Adam (loss falls, accuracy rises), readout mean', () => {
    const data = toyData(256, 8, 12, 1);
    const model = createUnrolledModel(cfg, { seed: 2 });
    const trainer = new UnrolledTrainer(model, { readout: 'mean', lr: 0.02, kernels });
    const p = createPrng(9);
    const first = trainEpoch(trainer, data, p.permutation(256), 32);
    let last = first;
    for (let e = 0; e < 14; e++) last = trainEpoch(trainer, data, p.permutation(256), 32);
    trainer.dispose();
    assert.equal(first.batches, 8);
    assert.ok(last.meanLoss < 0.5 * first.meanLoss, `loss ${first.meanLoss} → ${last.meanLoss}`);
    const ev = evaluate(model, data, 50, 'mean', kernels);
    assert.ok(ev.acc > 90, `accuracy ${ev.acc}`);
    assert.equal(ev.total, 256);
  });

  it('drops the last incomplete batch, as the notebook', () => {
    const data = toyData(70, 8, 12, 3);
    const trainer = new UnrolledTrainer(createUnrolledModel(cfg, { seed: 2 }), { kernels });
    const r = trainEpoch(trainer, data, createPrng(1).permutation(70), 32);
    trainer.dispose();
    assert.equal(r.batches, 2);
  });

  it('clips the global norm before the update when asked', () => {
    const data = toyData(32, 8, 12, 4);
    const model = createUnrolledModel(cfg, { seed: 5 });
    const { batch, labels } = sliceBatch(data, createPrng(1).permutation(32), 0, 32);
    const trainer = new UnrolledTrainer(model, { clipNorm: 1e-3, kernels, optimizer: 'sgd', lr: 1 });
    const before = cloneUnrolledModel(model);
    const r = trainer.trainBatch(batch, labels);
    trainer.dispose();
    assert.equal(r.clipped, true);
    assert.equal(r.skipped, false);
    // with SGD lr 1 the whole update has the clipped norm
    let sq = 0;
    for (const [n, w] of Object.entries(model.weights)) w.forEach((v, i) => (sq += (v - before.weights[n][i]) ** 2));
    assert.ok(Math.abs(Math.sqrt(sq) - 1e-3) < 1e-5, `update norm ${Math.sqrt(sq)}`);
  });

  for (const which of ['reference', 'default'] as const) {
    it(`skips the update and reports it when the gradient norm is not finite; the weights stay untouched (${which} kernels)`, () => {
      const model = createUnrolledModel(cfg, { seed: 6 });
      model.weights['embedding.weight'][3 * 6 + 1] = Infinity; // token 3 feeds an infinite input: 0·∞ = NaN in i2h's gradient
      const trainer = new UnrolledTrainer(model, { clipNorm: 5, kernels: which === 'reference' ? kernels : getKernels() });
      const before = cloneUnrolledModel(model);
      const r = trainer.trainBatch(makeBatch([[3, 4, 5, 0, 0, 0, 0, 0]], 8), [1]);
      trainer.dispose();
      assert.equal(r.finite, false);
      assert.equal(r.skipped, true);
      assert.ok(!Number.isFinite(r.totalNorm));
      for (const [n, w] of Object.entries(model.weights)) assert.deepEqual(w, before.weights[n], n);
    });
  }

  it('keeps tf.memory().numTensors equal across an epoch and a predict, and frees everything on dispose', () => {
    const data = toyData(64, 8, 12, 7);
    const n0 = tf.memory().numTensors;
    const model = createUnrolledModel(cfg, { seed: 8 });
    const trainer = new UnrolledTrainer(model, { kernels });
    const p = createPrng(2);
    trainEpoch(trainer, data, p.permutation(64), 32); // the first step creates Adam's moment slots
    const n1 = tf.memory().numTensors;
    trainEpoch(trainer, data, p.permutation(64), 32);
    assert.equal(tf.memory().numTensors, n1, 'after an epoch');
    predictIds(model, [1, 2, 3], 3, 'final', { kernels });
    assert.equal(tf.memory().numTensors, n1, 'after a predict');
    trainer.dispose();
    assert.equal(tf.memory().numTensors, n0, 'after dispose');
  });
});
