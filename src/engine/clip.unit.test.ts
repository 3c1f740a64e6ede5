import { strict as assert } from 'node:assert';
import { clipGradNorm, gradNorms } from './clip';

describe('gradient norms and clip_grad_norm_', () => {
  it('computes per-parameter norms and the global norm sqrt(Σ‖g‖²)', () => {
    const n = gradNorms({ a: Float32Array.of(3, 4), b: Float32Array.of(12) });
    assert.equal(n.perParam.a, 5);
    assert.equal(n.perParam.b, 12);
    assert.equal(n.total, 13);
    assert.equal(n.finite, true);
  });

  it('scales by maxNorm / (total + 1e-6) when that is below 1, like PyTorch', () => {
    const g = { a: Float32Array.of(3, 4), b: Float32Array.of(12) };
    const r = clipGradNorm(g, 6.5);
    const coef = 6.5 / (13 + 1e-6);
    assert.equal(r.clipped, true);
    assert.equal(r.totalNormBefore, 13);
    assert.ok(Math.abs(r.coef - coef) < 1e-12);
    assert.ok(Math.abs(g.a[0] - 3 * coef) < 1e-6);
    assert.ok(Math.abs(g.b[0] - 12 * coef) < 1e-6);
    assert.ok(Math.abs(r.totalNormAfter - 6.5) < 1e-5);
  });

  it('leaves gradients below the threshold untouched', () => {
    const g = { a: Float32Array.of(3, 4) };
    const r = clipGradNorm(g, 5.1);
    assert.equal(r.clipped, false);
    assert.deepEqual(Array.from(g.a), [3, 4]);
  });

  it('reports a non-finite norm and does not touch the gradients (PyTorch would scale by NaN/0)', () => {
    for (const bad of [Infinity, NaN]) {
      const g = { a: Float32Array.of(3, bad), b: Float32Array.of(1) };
      const r = clipGradNorm(g, 1);
      assert.equal(r.finite, false);
      assert.equal(r.clipped, false);
      assert.ok(!Number.isFinite(r.totalNormBefore));
      assert.equal(g.a[0], 3);
      assert.equal(g.b[0], 1);
    }
  });

  it('rejects a non-positive max norm', () => {
    assert.throws(() => clipGradNorm({ a: Float32Array.of(1) }, 0), /max norm must be a positive number/);
  });
});
