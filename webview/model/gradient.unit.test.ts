import { strict as assert } from 'node:assert';
import { gradScale, logFrac } from './gradient';

describe('webview model: log-scale gradient bars', () => {
  it('spans whole decades and puts 1e-12 and 1e-2 ten decades apart', () => {
    const s = gradScale(Float32Array.from([1e-12, 1e-7, 1e-2]), 1, 3);
    assert.equal(s.lo, -12);
    assert.equal(s.hi, -2);
    assert.ok(Math.abs(s.bars[0].frac) < 1e-6);
    assert.ok(Math.abs(s.bars[1].frac - 0.5) < 1e-6, `1e-7 should sit half way, got ${s.bars[1].frac}`);
    assert.ok(Math.abs(s.bars[2].frac - 1) < 1e-6);
    assert.ok(Math.abs(s.spanDecades - 10) < 1e-4);
  });
  it('flags NaN, infinity and exact zero in words and counts them', () => {
    const s = gradScale([NaN, Infinity, 0, 0.5], 2, 2);
    assert.deepEqual(s.counts, { ok: 1, zero: 1, nan: 1, inf: 1 });
    assert.equal(s.bars[0].flag, 'nan');
    assert.match(s.bars[0].label, /NaN \(not a number\)/);
    assert.equal(s.bars[1].frac, 1);
    assert.match(s.bars[1].label, /infinite/);
    assert.equal(s.bars[2].frac, 0);
    assert.match(s.bars[2].label, /exactly zero/);
    assert.equal(s.bars[3].layer, 1);
    assert.equal(s.bars[3].t, 1);
  });
  it('rejects a length that does not match layers × steps', () => {
    assert.throws(() => gradScale([1, 2, 3], 2, 2), /expected layers×steps = 2×2/);
  });
  it('keeps a fixed axis when asked and clamps values outside it', () => {
    const s = gradScale([1e-20, 10], 1, 2, { lo: -12, hi: 0 });
    assert.equal(s.lo, -12);
    assert.equal(s.bars[0].frac, 0);
    assert.equal(s.bars[1].frac, 1);
    assert.equal(logFrac(1e-6, -12, 0), 0.5);
  });
  it('labels ticks as powers of ten', () => {
    const s = gradScale([1e-3, 1e-1], 1, 2);
    assert.deepEqual(s.ticks.map((t) => t.label), ['1e−1', '1e−2', '1e−3']);
  });
});
