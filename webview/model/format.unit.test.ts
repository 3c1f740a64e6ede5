import { strict as assert } from 'node:assert';
import { fmt, fmtWords, fmtSigned, nonFiniteWords, logTick, minus, sci } from './format';
import { divergingColour, lutIndex, colourLut, LUT_SIZE, scalePos } from '../../src/shared/colour';

describe('webview model: number formatting and colour', () => {
  it('formats small, large and ordinary numbers so they can be compared', () => {
    assert.equal(fmt(0.20034426), '0.2003');
    assert.equal(fmt(1679682306048), '1.680e+12');
    assert.equal(fmt(1e-12), '1.000e−12');
    assert.equal(fmt(-0.08665498), '−0.08665');
    assert.equal(fmt(0), '0');
  });
  it('writes every minus sign as U+2212, in the exponent too', () => {
    assert.equal(fmt(-6.896e-4), '−6.896e−4');
    assert.equal(fmt(4.23e-4), '4.230e−4');
    assert.equal(sci(1e-3, 0), '1e−3');
    assert.equal(sci(-6.1e-13, 1), '−6.1e−13');
    assert.equal(minus('-6.1e-13 and +0.512 and -0.5 and -∞'), '−6.1e−13 and +0.512 and −0.5 and −∞');
    assert.equal(minus('below 1e-3 (largest 4.2e-9): readout "last-token", x-axis, t-1, h_{t-1}'), 'below 1e−3 (largest 4.2e−9): readout "last-token", x-axis, t-1, h_{t-1}');
  });
  it('labels log-axis ticks at powers of ten only', () => {
    assert.deepEqual([0.001, 0.01, 0.1, 1, 2, 10, 1e4, 1e5, 1e-12].map(logTick), ['1e−3', '0.01', '0.1', '1', '', '10', '10000', '1e5', '1e−12']);
  });
  it('spells out non-finite values', () => {
    assert.equal(fmtWords(NaN), 'NaN (not a number)');
    assert.equal(fmtWords(Infinity), '+∞ (infinite)');
    assert.equal(nonFiniteWords(3), null);
    assert.equal(fmtSigned(-0.5), '−0.5000');
    assert.equal(fmtSigned(0.25, 2), ' 0.25');
  });
  it('centres the diverging scale at 0 and clamps to −1…1', () => {
    assert.equal(scalePos(0), 0.5);
    assert.equal(scalePos(-3), 0);
    assert.equal(lutIndex(1), LUT_SIZE - 1);
    assert.equal(lutIndex(-1), 0);
    assert.equal(lutIndex(NaN), -1);
    const lut = colourLut();
    // −1 is blue (b > r), +1 is red (r > b), 0 is near white.
    assert.ok(lut[2] > lut[0], 'negative end should be blue');
    const e = (LUT_SIZE - 1) * 3;
    assert.ok(lut[e] > lut[e + 2], 'positive end should be red');
    const m = Math.round((LUT_SIZE - 1) / 2) * 3;
    assert.ok(lut[m] > 230 && lut[m + 1] > 230 && lut[m + 2] > 230, 'zero should be near white');
    assert.equal(divergingColour(NaN), 'rgb(255,0,255)');
  });
});
