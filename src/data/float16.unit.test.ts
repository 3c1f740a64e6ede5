import { strict as assert } from 'node:assert';
import { decodeHalves, encodeHalves, fromHalf, toHalf } from './float16';

describe('data/float16: half-precision storage of the embedded vectors', () => {
  it('encodes exact values to their IEEE bit patterns', () => {
    assert.equal(toHalf(0), 0x0000);
    assert.equal(toHalf(-0), 0x8000);
    assert.equal(toHalf(1), 0x3c00);
    assert.equal(toHalf(-2), 0xc000);
    assert.equal(toHalf(0.5), 0x3800);
    assert.equal(toHalf(65504), 0x7bff); // largest half
    assert.equal(toHalf(2 ** -24), 0x0001); // smallest subnormal
    assert.equal(toHalf(Infinity), 0x7c00);
    assert.equal(toHalf(1e6), 0x7c00); // overflow
    assert.ok(Number.isNaN(fromHalf(toHalf(NaN))));
  });

  it('rounds to nearest, ties to even (normal and subnormal)', () => {
    assert.equal(toHalf(1 + 2 ** -11), 0x3c00); // halfway between 1 and 1+2^-10 → even (1)
    assert.equal(toHalf(1 + 3 * 2 ** -11), 0x3c02); // halfway → even upper
    assert.equal(toHalf(1 + 2 ** -11 + 2 ** -20), 0x3c01); // just above halfway → up
    assert.equal(toHalf(2 ** -25), 0x0000); // half of the smallest subnormal → 0 (even)
    assert.equal(toHalf(3 * 2 ** -25), 0x0002);
    assert.equal(toHalf(2 ** -26), 0x0000);
  });

  it('decodes every pattern consistently and round-trips GloVe-range values within half precision', () => {
    for (let h = 0; h < 65536; h++) {
      const x = fromHalf(h);
      if (!Number.isNaN(x)) assert.equal(toHalf(x), h, `pattern ${h.toString(16)}`);
    }
    const all = new Uint16Array(65536).map((_, h) => h);
    const decoded = new Float32Array(65536);
    decodeHalves(all, decoded);
    for (let h = 0; h < 65536; h++) {
      const x = fromHalf(h);
      if (Number.isNaN(x)) assert.ok(Number.isNaN(decoded[h]!));
      else assert.ok(Object.is(decoded[h], x), `table entry ${h.toString(16)}: ${decoded[h]} vs ${x}`);
    }
    const values = [-0.038194, -0.24487, 0.72812, 3.1415, -5.0, 1e-5];
    const out = new Float32Array(values.length + 2);
    decodeHalves(encodeHalves(values), out, 2);
    values.forEach((v, i) => {
      const err = Math.abs(out[i + 2]! - v);
      assert.ok(err <= Math.max(Math.abs(v) * 2 ** -11, 2 ** -25), `${v} → ${out[i + 2]}`);
    });
    assert.equal(out[0], 0);
  });
});
