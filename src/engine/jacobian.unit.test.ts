import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { jacobianReading, layerJacobian } from './jacobian';
import { buildJacobianFixture, oracleLayerJacobian } from './testdata/jacobian-oracle';
import { initTf } from './tf';
import { formatVerifyReport, verifyFixture } from './verify';

describe('Jacobian diagnostics (‖J_t‖, ‖J_t…J_1‖, saturation, W_hh spectrum)', () => {
  before(async () => {
    await initTf();
  });

  it('passes the PyTorch tanh-jacobian fixture within 1e-4 relative', () => {
    const fx = JSON.parse(readFileSync(path.join(__dirname, 'testdata', 'tanh-jacobian.json'), 'utf8'));
    const r = verifyFixture(fx);
    assert.equal(r.kind, 'tanh-jacobian');
    assert.equal(r.ok, true, formatVerifyReport(r));
    assert.deepEqual(r.quantities.map((q) => q.name), ['hidden', 'jacobianNorm', 'productNorm', 'saturated', 'whhSingularValues', 'whhSpectralRadius']);
    assert.deepEqual(r.quantities.map((q) => q.count), [2 * 11 * 4, 22, 22, 22, 8, 2]);
    assert.ok(r.maxRelErr < 1e-5 && r.maxRelErr > 0, `max rel ${r.maxRelErr}`);
  });

  it('passes float64 oracle fixtures of other sizes, from vanishing to saturating weights', () => {
    for (const [c, scale] of [
      [{ vocabSize: 13, embeddingDim: 5, hiddenSize: 7, numLayers: 1, outputSize: 2, seqLength: 9 }, 1],
      [{ vocabSize: 20, embeddingDim: 6, hiddenSize: 16, numLayers: 3, outputSize: 2, seqLength: 14 }, 0.2],
      [{ vocabSize: 20, embeddingDim: 6, hiddenSize: 12, numLayers: 2, outputSize: 2, seqLength: 12 }, 4],
    ] as const) {
      const ids = Array.from({ length: c.seqLength }, (_, t) => 1 + ((t * 7 + 3) % (c.vocabSize - 1)));
      const fx = buildJacobianFixture(c, 42 + c.hiddenSize, ids, scale);
      const r = verifyFixture(fx);
      assert.equal(r.ok, true, `H=${c.hiddenSize} scale ${scale}\n${formatVerifyReport(r)}`);
      if (scale === 4) {
        const sat = (fx.expected as { saturated: number[][] }).saturated.flat();
        assert.ok(sat.some((x) => x > 0), 'the large-weight case saturates some units');
      }
    }
  });

  it('a 100-step product that vanishes to 1e-80 and one that grows are exact to float64 rounding', () => {
    const H = 10;
    const T = 100;
    let s = 5;
    const rnd = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 4294967296 * 2 - 1;
    };
    for (const scale of [0.15, 1.2]) {
      const w = Array.from({ length: H * H }, () => rnd() * scale);
      const h = Array.from({ length: T }, () => Array.from({ length: H }, () => Math.tanh(rnd() * 2)));
      const got = layerJacobian(w, h.flat(), H, T);
      const want = oracleLayerJacobian(w, h.slice(0, 40), H);
      for (let t = 0; t < 40; t++) {
        assert.ok(Math.abs(got.productNorm[t] - want.productNorm[t]) <= 1e-9 * want.productNorm[t], `scale ${scale} t=${t}`);
        assert.ok(Math.abs(got.jacobianNorm[t] - want.jacobianNorm[t]) <= 1e-12 * want.jacobianNorm[t]);
      }
      if (scale < 1) assert.ok(got.productNorm[T - 1] < 1e-40 && got.productNorm[T - 1] > 0, `${got.productNorm[T - 1]}`);
      else assert.ok(got.productNorm[T - 1] > got.productNorm[10]);
    }
  });

  it('the reading is computed from the numbers', () => {
    assert.equal(jacobianReading([0.4213, 0.2], 0.3), 'largest singular value 0.42 < 1: products shrink');
    assert.equal(jacobianReading([0.5], 0.5, { productNorm: [1, 0.5, 0.25, 0.125] }), 'largest singular value 0.50 < 1: products shrink; this run: ×0.50 per step on average over 3 steps');
    assert.equal(jacobianReading([1.49, 1], 0.76), 'largest singular value 1.49 > 1 but spectral radius 0.76 < 1: products may grow for a few steps, then shrink');
    assert.equal(jacobianReading([2.5, 1], 1.9, { saturated: 0.25 }), 'spectral radius 1.90 > 1 (largest singular value 2.50): products grow unless saturation damps them; 25 % of units saturated (tanh\' ≈ 0 there)');
  });
});
