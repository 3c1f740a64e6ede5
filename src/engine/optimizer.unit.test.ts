import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { WeightOptimizer } from './optimizer';
import { initTf, tf } from './tf';

describe('tfjs optimisers on Float32Array weights', () => {
  before(async () => {
    await initTf();
  });

  it('Adam follows torch.optim.Adam (bias-corrected, eps 1e-8) over three steps', () => {
    const w = { a: Float32Array.of(1, -2, 0.5), b: Float32Array.of(3) };
    const grads = [
      { a: Float32Array.of(0.5, -1, 2), b: Float32Array.of(0.1) },
      { a: Float32Array.of(-0.25, 0.3, 2), b: Float32Array.of(-0.2) },
      { a: Float32Array.of(1, 0, -1), b: Float32Array.of(0.05) },
    ];
    const lr = 0.01;
    // float64 PyTorch formula: p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
    const p = [...w.a, ...w.b];
    const m = new Array(4).fill(0);
    const v = new Array(4).fill(0);
    const opt = new WeightOptimizer(w, { kind: 'adam', lr });
    grads.forEach((g, step) => {
      const gg = [...g.a, ...g.b];
      const t = step + 1;
      for (let i = 0; i < 4; i++) {
        m[i] = 0.9 * m[i] + 0.1 * gg[i];
        v[i] = 0.999 * v[i] + 0.001 * gg[i] * gg[i];
        p[i] -= (lr / (1 - 0.9 ** t)) * (m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - 0.999 ** t) + 1e-8));
      }
      opt.step(g);
      const got = [...w.a, ...w.b];
      got.forEach((x, i) => assert.ok(Math.abs(x - p[i]) < 2e-6, `step ${t} [${i}]: ${x} vs ${p[i]}`));
    });
    opt.dispose();
  });

  it('SGD is w − lr·g', () => {
    const w = { a: Float32Array.of(1, 2) };
    const opt = new WeightOptimizer(w, { kind: 'sgd', lr: 0.1 });
    opt.step({ a: Float32Array.of(0.5, -3) });
    assert.ok(Math.abs(w.a[0] - 0.95) < 1e-7);
    assert.ok(Math.abs(w.a[1] - 2.3) < 1e-6);
    opt.dispose();
  });

  it('leaves no tensor behind once disposed, and creates none per step after the first', () => {
    const before = tf.memory().numTensors;
    const w = { a: new Float32Array(100).fill(1), b: new Float32Array(7) };
    const g = { a: new Float32Array(100).fill(0.1), b: new Float32Array(7).fill(-0.1) };
    const opt = new WeightOptimizer(w, { kind: 'adam', lr: 0.001 });
    opt.step(g);
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) opt.step(g);
    assert.equal(tf.memory().numTensors, afterFirst);
    opt.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('gives the same updates on the cpu backend (which keeps the arrays it is given instead of copying)', function () {
    this.timeout(60000);
    const script = `
      const { initTf } = require(${JSON.stringify(path.join(__dirname, 'tf.ts'))});
      const { WeightOptimizer } = require(${JSON.stringify(path.join(__dirname, 'optimizer.ts'))});
      initTf().then((info) => {
        const w = { a: Float32Array.of(1, 2), b: Float32Array.of(3) };
        const opt = new WeightOptimizer(w, { kind: 'sgd', lr: 0.5 });
        opt.step({ a: Float32Array.of(1, 1), b: Float32Array.of(-2) });
        opt.step({ a: Float32Array.of(1, 0), b: Float32Array.of(0) });
        console.log(info.backend, Array.from(w.a).join(','), Array.from(w.b).join(','));
      });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, UNROLLED_TF_BACKEND: 'cpu' },
    });
    assert.equal(r.stdout.trim(), 'cpu 0,1.5 4', r.stderr.slice(0, 500));
  });

  it('rejects a gradient of the wrong length, naming the weight', () => {
    const opt = new WeightOptimizer({ a: new Float32Array(3) }, { kind: 'sgd', lr: 0.1 });
    assert.throws(() => opt.step({ a: new Float32Array(2) }), /gradient "a" has 2 values, expected 3/);
    assert.throws(() => opt.step({}), /no gradient for weight "a"/);
    opt.dispose();
  });
});
