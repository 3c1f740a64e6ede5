import { strict as assert } from 'node:assert';
import { createPrng } from './prng';

describe('seeded PRNG', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    const sb = Array.from({ length: 5 }, () => b.next());
    const sc = Array.from({ length: 5 }, () => c.next());
    assert.deepEqual(sa, sb);
    assert.notDeepEqual(sa, sc);
  });

  it('uniform draws stay in range with mean near the middle', () => {
    const p = createPrng(1);
    const a = p.fillUniform(new Float32Array(20000), -0.25, 0.25);
    let sum = 0;
    for (const v of a) {
      assert.ok(v >= -0.25 && v < 0.25);
      sum += v;
    }
    assert.ok(Math.abs(sum / a.length) < 0.005);
  });

  it('normal draws have the requested mean and standard deviation', () => {
    const p = createPrng(7);
    const a = p.fillNormal(new Float32Array(40000), 1, 2);
    let s = 0;
    let s2 = 0;
    for (const v of a) {
      s += v;
      s2 += v * v;
    }
    const mean = s / a.length;
    const std = Math.sqrt(s2 / a.length - mean * mean);
    assert.ok(Math.abs(mean - 1) < 0.03, `mean ${mean}`);
    assert.ok(Math.abs(std - 2) < 0.03, `std ${std}`);
  });

  it('permutation holds each index once', () => {
    const p = createPrng(3).permutation(50);
    assert.deepEqual(Array.from(p).sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
    assert.notDeepEqual(Array.from(p), Array.from({ length: 50 }, (_, i) => i));
  });

  it('rejects a non-finite seed', () => {
    assert.throws(() => createPrng(NaN), /seed must be a finite number/);
  });
});
