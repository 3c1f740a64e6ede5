import { strict as assert } from 'node:assert';
import { WeightOptimizer } from './optimizer';
import { createPrng } from '../shared/prng';
import { createStepOptimizer } from './step-optimizer';
import { initTf, tf } from './tf';

/** Weights and gradients shaped like the notebook model's first tensors (odd sizes, zeros, tiny values). */
function weightsLike(seed: number): Record<string, Float32Array> {
  const p = createPrng(seed);
  return {
    'embedding.weight': p.fillNormal(new Float32Array(5001 * 7), 0, 0.5),
    'rnn_cells.0.i2h.weight': p.fillUniform(new Float32Array(64 * 13), -0.1, 0.1),
    'fc_out.bias': p.fillUniform(new Float32Array(3), -0.1, 0.1),
  };
}

describe('the trainer\'s Adam (wasm) against tf.train.adam', () => {
  before(async () => {
    await initTf();
  });

  it('gives the same float32 weights, bit for bit, over 8 steps (lr 1e-3 and 0.02)', () => {
    const tensorsBefore = tf.memory().numTensors;
    for (const lr of [1e-3, 0.02]) {
      const a = weightsLike(1);
      const b = weightsLike(1);
      const { optimizer: fast, path } = createStepOptimizer(a, 'adam', lr);
      assert.equal(path, 'wasm-adam', 'the wasm kernels must be built for this test (npm run build:kernels)');
      const ref = new WeightOptimizer(b, { kind: 'adam', lr });
      const p = createPrng(7);
      for (let t = 0; t < 8; t++) {
        const grads: Record<string, Float32Array> = {};
        for (const [name, w] of Object.entries(a)) {
          const g = p.fillNormal(new Float32Array(w.length), 0, t === 3 ? 1e-6 : 0.3);
          if (t % 2 === 1) for (let i = 0; i < g.length; i += 5) g[i] = 0; // a zero gradient: Adam's momentum still moves them
          grads[name] = g;
        }
        fast.step(grads);
        ref.step(grads);
      }
      let compared = 0;
      let moved = 0;
      for (const name of Object.keys(a)) {
        const w0 = weightsLike(1)[name];
        for (let i = 0; i < a[name].length; i++) {
          assert.ok(Object.is(a[name][i], b[name][i]), `lr ${lr}: ${name}[${i}] wasm ${a[name][i]} vs tfjs ${b[name][i]}`);
          if (a[name][i] !== w0[i]) moved++;
          compared++;
        }
      }
      assert.ok(moved > 0.99 * compared, `the weights moved (${moved} of ${compared})`);
      fast.dispose();
      ref.dispose();
    }
    assert.equal(tf.memory().numTensors, tensorsBefore);
  });

  it('UNROLLED_OPTIMIZER chooses the tfjs path; SGD always runs in tfjs', () => {
    const saved = process.env.UNROLLED_OPTIMIZER;
    try {
      process.env.UNROLLED_OPTIMIZER = 'tfjs';
      const a = createStepOptimizer(weightsLike(2), 'adam', 1e-3);
      assert.equal(a.path, 'tfjs-adam');
      a.optimizer.dispose();
      process.env.UNROLLED_OPTIMIZER = 'fast';
      assert.throws(() => createStepOptimizer(weightsLike(2), 'adam', 1e-3), /UNROLLED_OPTIMIZER must be "tfjs" or "wasm", got "fast"/);
    } finally {
      if (saved === undefined) delete process.env.UNROLLED_OPTIMIZER;
      else process.env.UNROLLED_OPTIMIZER = saved;
    }
    const s = createStepOptimizer(weightsLike(3), 'sgd', 0.1);
    assert.equal(s.path, 'tfjs-sgd');
    s.optimizer.dispose();
  });
});
