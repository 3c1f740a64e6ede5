import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { WasmAdam } from './wasm-adam';

function fill(n: number, seed: number, scale: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = (s / 2147483648 - 0.5) * 2 * scale;
  }
  return a;
}

/** torch.optim.Adam's update in float64: the textbook definition. */
function adam64(w: Float64Array, g: Float32Array, m: Float64Array, v: Float64Array, t: number, lr: number, b1: number, b2: number,
  eps: number): void {
  const bc1 = 1 - b1 ** t;
  const bc2 = 1 - b2 ** t;
  for (let i = 0; i < w.length; i++) {
    m[i] = b1 * m[i] + (1 - b1) * g[i];
    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
    w[i] -= (lr / bc1) * (m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps));
  }
}

describe('wasm SIMD Adam', () => {
  const sizes = { a: 13, b: 4, c: 1, d: 0 };
  const opts = { lr: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 1e-6 };

  it('equals torch.optim.Adam (float64) and tf.train.adam over 6 steps, odd sizes included', () => {
    const weights: Record<string, Float32Array> = {};
    const w64: Record<string, Float64Array> = {};
    const m64: Record<string, Float64Array> = {};
    const v64: Record<string, Float64Array> = {};
    const vars: Record<string, tf.Variable> = {};
    let seed = 1;
    for (const [k, n] of Object.entries(sizes)) {
      weights[k] = fill(n, seed++, 1);
      w64[k] = Float64Array.from(weights[k]);
      m64[k] = new Float64Array(n);
      v64[k] = new Float64Array(n);
      // a copy: tfjs's cpu backend would otherwise share the array that WasmAdam updates in place
      vars[k] = tf.variable(tf.tensor1d(Float32Array.from(weights[k])), true, `wasm_adam_test_${k}`);
    }
    const adam = new WasmAdam(sizes, opts);
    const ref = tf.train.adam(opts.lr, opts.beta1, opts.beta2, opts.epsilon);
    for (let t = 1; t <= 6; t++) {
      const grads: Record<string, Float32Array> = {};
      for (const [k, n] of Object.entries(sizes)) grads[k] = fill(n, 100 * t + seed++, t === 3 ? 1e-4 : 1);
      adam.step(weights, grads);
      tf.tidy(() => {
        ref.applyGradients(Object.entries(grads).map(([k, g]) => ({ name: `wasm_adam_test_${k}`, tensor: tf.tensor1d(g) })));
      });
      for (const k of Object.keys(sizes)) adam64(w64[k], grads[k], m64[k], v64[k], t, opts.lr, opts.beta1, opts.beta2, opts.epsilon);
    }
    assert.equal(adam.steps, 6);
    for (const k of Object.keys(sizes)) {
      const tfw = vars[k].dataSync();
      for (let i = 0; i < sizes[k as keyof typeof sizes]; i++) {
        assert.ok(Math.abs(weights[k][i] - w64[k][i]) < 2e-6, `${k}[${i}] vs float64: ${weights[k][i]} vs ${w64[k][i]}`);
        assert.ok(Math.abs(weights[k][i] - tfw[i]) < 2e-6, `${k}[${i}] vs tfjs: ${weights[k][i]} vs ${tfw[i]}`);
      }
      vars[k].dispose();
    }
    ref.dispose();
  });

  it('rejects mismatched weights and bad hyperparameters, naming them', () => {
    const adam = new WasmAdam({ a: 3 }, { lr: 1e-3 });
    assert.throws(() => adam.step({ a: new Float32Array(2) }, { a: new Float32Array(3) }), /weight "a" must have 3 values, got 2/);
    assert.throws(() => adam.step({ a: new Float32Array(3) }, {}), /gradient "a" must have 3 values, got none/);
    assert.throws(() => new WasmAdam({ a: 1 }, { lr: 0 }), /learning rate must be a positive number, got 0/);
    assert.throws(() => new WasmAdam({ a: 1 }, { lr: 1, beta2: 1 }), /beta2 must be in \[0, 1\), got 1/);
  });
});
