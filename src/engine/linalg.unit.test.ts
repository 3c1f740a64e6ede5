import { strict as assert } from 'node:assert';
import { lanczosMax, singularValues, spectralNorm, startVector } from './linalg';
import { eigenvalues, spectralRadius } from './eigen';
import { jacobiSingularValues, squaringSpectralRadius } from './testdata/jacobian-oracle';

/** A seeded matrix with entries uniform in ±scale. */
function randomMatrix(n: number, seed: number, scale = 1): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n * n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 4294967296 * 2 - 1) * scale;
  });
}

const rel = (a: number, e: number): number => Math.abs(a - e) / Math.abs(e);

describe('linalg: singular values, spectral norm, eigenvalues (float64)', () => {
  it('singular values equal one-sided Jacobi SVD at sizes 1, 2, 5, 17 and 64', () => {
    for (const n of [1, 2, 5, 17, 64]) {
      const a = randomMatrix(n, 7 + n);
      const got = singularValues(a, n);
      const want = jacobiSingularValues(a, n, n);
      assert.equal(got.length, n);
      for (let i = 0; i < n; i++) assert.ok(Math.abs(got[i] - want[i]) <= 1e-11 * want[0], `n=${n} σ${i}: ${got[i]} vs ${want[i]}`);
      for (let i = 1; i < n; i++) assert.ok(got[i] <= got[i - 1], 'descending');
    }
  });

  it('spectral norm by power iteration and λ_max by Lanczos equal σ₁ of the SVD', () => {
    for (const n of [3, 16, 64]) {
      const a = randomMatrix(n, 100 + n, 0.3);
      const s1 = jacobiSingularValues(a, n, n)[0];
      assert.ok(rel(spectralNorm(a, n, startVector(n)), s1) < 1e-9, `power n=${n}`);
      const g = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) g[i * n + j] += a[i * n + k] * a[j * n + k];
      assert.ok(rel(Math.sqrt(lanczosMax(g, n)), s1) < 1e-12, `lanczos n=${n}`);
    }
    assert.equal(spectralNorm(new Float64Array(4), 2, startVector(2)), 0);
    assert.ok(Number.isNaN(spectralNorm(Float64Array.of(1, NaN, 0, 1), 2, startVector(2))));
  });

  it('eigenvalues: a known complex pair, a diagonal, and ρ equal to the squaring estimate', () => {
    // 0.9 · rotation by 0.7 rad: eigenvalues 0.9 e^{±0.7i}
    const c = 0.9 * Math.cos(0.7);
    const s = 0.9 * Math.sin(0.7);
    const ev = eigenvalues(Float64Array.of(c, -s, s, c), 2);
    assert.deepEqual(Array.from(ev.re).map((x) => x.toFixed(12)), [c.toFixed(12), c.toFixed(12)]);
    assert.deepEqual(Array.from(ev.im).map((x) => Math.abs(x).toFixed(12)), [s.toFixed(12), s.toFixed(12)]);
    const d = eigenvalues(Float64Array.of(3, 0, 0, 0, -5, 0, 0, 0, 0.5), 3);
    assert.deepEqual(Array.from(d.re).sort((x, y) => x - y), [-5, 0.5, 3]);
    for (const n of [4, 9, 33, 64]) {
      const a = randomMatrix(n, 999 + n, 0.2);
      const r = spectralRadius(a, n);
      const want = squaringSpectralRadius(a, n);
      assert.ok(rel(r, want) < 1e-8, `n=${n}: ${r} vs ${want}`);
    }
  });
});
