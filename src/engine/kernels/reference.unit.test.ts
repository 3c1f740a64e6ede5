import { strict as assert } from 'node:assert';
import { referenceLayerBackward, referenceLayerForward } from './reference';
import type { LayerShape, LayerWeights } from './types';

/** Deterministic small pseudo-random values (no dependency on the engine's PRNG). */
function fill(n: number, seed: number, scale = 0.5): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = (s / 2147483648 - 0.5) * 2 * scale;
  }
  return a;
}

describe('reference RNN layer kernel', () => {
  it('computes one step by hand: h = tanh(w·x + bih + bhh)', () => {
    const shape = { T: 2, B: 1, In: 1, H: 1 };
    const w = { wih: Float32Array.of(0.5), bih: Float32Array.of(0.1), whh: Float32Array.of(-2), bhh: Float32Array.of(0.2) };
    const out = referenceLayerForward(shape, w, Float32Array.of(2, -1));
    const h0 = Math.tanh(0.5 * 2 + 0.3);
    const h1 = Math.tanh(0.5 * -1 + 0.3 + -2 * h0);
    assert.ok(Math.abs(out.h[0] - h0) < 1e-7);
    assert.ok(Math.abs(out.pre[1] - (0.5 * -1 + 0.3 + -2 * h0)) < 1e-6);
    assert.ok(Math.abs(out.h[1] - h1) < 1e-7);
  });

  it('rejects buffers of the wrong length, naming the buffer', () => {
    const shape = { T: 2, B: 1, In: 3, H: 2 };
    const w = { wih: new Float32Array(6), bih: new Float32Array(2), whh: new Float32Array(4), bhh: new Float32Array(2) };
    assert.throws(() => referenceLayerForward(shape, w, new Float32Array(5)), /x has 5 values, expected 6/);
  });

  it('BPTT gradients match central finite differences of L = Σ dhOut ⊙ h', () => {
    const shape: LayerShape = { T: 5, B: 3, In: 4, H: 3 };
    const { T, B, In, H } = shape;
    const w: LayerWeights = { wih: fill(H * In, 1), bih: fill(H, 2), whh: fill(H * H, 3, 0.8), bhh: fill(H, 4) };
    const x = fill(T * B * In, 5, 1);
    const dhOut = fill(T * B * H, 6, 1);
    const loss = (ww: LayerWeights, xx: Float32Array): number => {
      const { h } = referenceLayerForward(shape, ww, xx);
      let s = 0;
      for (let i = 0; i < h.length; i++) s += h[i] * dhOut[i];
      return s;
    };
    const { h } = referenceLayerForward(shape, w, x);
    const g = referenceLayerBackward(shape, w, x, h, dhOut);
    const eps = 1e-2;
    const check = (name: string, arr: Float32Array, grad: Float32Array, lossOf: () => number): void => {
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        arr[i] = v + eps;
        const lp = lossOf();
        arr[i] = v - eps;
        const lm = lossOf();
        arr[i] = v;
        const fd = (lp - lm) / (2 * eps);
        assert.ok(Math.abs(fd - grad[i]) < 2e-3 + 2e-3 * Math.abs(fd), `${name}[${i}]: analytic ${grad[i]} vs finite difference ${fd}`);
      }
    };
    check('wih', w.wih, g.wih, () => loss(w, x));
    check('whh', w.whh, g.whh, () => loss(w, x));
    check('bih', w.bih, g.bih, () => loss(w, x));
    check('bhh', w.bhh, g.bhh, () => loss(w, x));
    check('x', x, g.dx, () => loss(w, x));
    // dh at the last step is exactly dhOut there (nothing flows back from the future).
    for (let i = 0; i < B * H; i++) assert.equal(g.dh[(T - 1) * B * H + i], dhOut[(T - 1) * B * H + i]);
    // and earlier dh differs from dhOut (the recurrence adds a term).
    let diff = 0;
    for (let i = 0; i < B * H; i++) diff += Math.abs(g.dh[i] - dhOut[i]);
    assert.ok(diff > 1e-3);
  });
});
