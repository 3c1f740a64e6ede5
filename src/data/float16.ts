/**
 * IEEE 754 half precision (float16) encoding and decoding, for the compact embedded GloVe vectors.
 * Node 20 has no Float16Array, so: `toHalf` rounds a number to the nearest half (ties to even) and
 * returns its 16 bits; `decodeHalves` expands a Uint16Array through a 65,536-entry lookup table.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float16 bits nearest to `x` (round to nearest, ties to even; overflow → ±Infinity; NaN kept). */
export function toHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow
  if (e <= 0) {
    if (e < -10) return sign; // underflows to ±0
    mant |= 0x800000; // implicit bit
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++; // a carry into the exponent is correct
  return sign | half;
}

/** The number a float16 bit pattern stands for. */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

let table: Float32Array | undefined;
/** All 65,536 halves as float32, built once from their bits (same values as `fromHalf`). */
function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    const bits = new Uint32Array(table.buffer);
    for (let h = 0; h < 65536; h++) {
      const sign = (h & 0x8000) << 16;
      const exp = (h >>> 10) & 0x1f;
      const mant = h & 0x3ff;
      if (exp === 0x1f) bits[h] = sign | 0x7f800000 | (mant << 13); // Inf / NaN
      else if (exp !== 0) bits[h] = sign | ((exp + 112) << 23) | (mant << 13); // normal: rebias 15 → 127
      else table[h] = (sign ? -1 : 1) * mant * 2 ** -24; // zero / subnormal (exact in float32)
    }
  }
  return table;
}

/** Decodes `src` (float16 bits) into `out` starting at `offset` (out must have room). */
export function decodeHalves(src: Uint16Array, out: Float32Array, offset = 0): void {
  const t = halfTable();
  for (let i = 0; i < src.length; i++) out[offset + i] = t[src[i] as number] as number;
}

/** Encodes float values to float16 bits. */
export function encodeHalves(src: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = toHalf(src[i] as number);
  return out;
}
