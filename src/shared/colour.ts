/**
 * The one diverging colour scale for hidden states and contributions, in the panel and in the editor:
 * d3's RdBu (colour-blind safe), centred at 0 (white), −1 blue, +1 red. Values outside −1…1 are clamped;
 * NaN/±∞ get their own colour. A lookup table makes drawing 12,800 units per frame cheap. Pure.
 */
import { interpolateRdBu } from 'd3-scale-chromatic';
import { rgb } from 'd3-color';

export const LUT_SIZE = 256;
/** Drawn for NaN/∞ units: a magenta that the scale never produces. */
export const NON_FINITE_RGB: [number, number, number] = [255, 0, 255];

/** Position of v on the scale, 0 (−1) … 1 (+1); 0.5 at 0. `range` is the value mapped to the ends. */
export function scalePos(v: number, range = 1): number {
  const t = (v / range + 1) / 2;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** CSS colour of v (range −range…range). */
export function divergingColour(v: number, range = 1): string {
  if (!Number.isFinite(v)) return `rgb(${NON_FINITE_RGB.join(',')})`;
  return interpolateRdBu(1 - scalePos(v, range));
}

/** `#rrggbb` of NON_FINITE_RGB (the editor's decorations take hex). */
export const NON_FINITE_HEX = '#ff00ff';

/** `#rrggbb` of v on the scale (range −range…range, clamped); NON_FINITE_HEX for NaN/±∞. */
export function divergingHex(v: number, range = 1): string {
  if (!Number.isFinite(v)) return NON_FINITE_HEX;
  return rgbToHex(divergingColour(v, range));
}

function rgbToHex(css: string): string {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(css);
  if (!m) return css;
  return '#' + [m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('');
}

/** LUT_SIZE RGB triples (r,g,b,r,g,b,…) sampled along the scale from −1 to +1. */
export function colourLut(): Uint8ClampedArray {
  const out = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = rgb(interpolateRdBu(1 - i / (LUT_SIZE - 1)));
    out[i * 3] = c.r; out[i * 3 + 1] = c.g; out[i * 3 + 2] = c.b;
  }
  return out;
}

/** Index into the LUT for v, or -1 for non-finite values. */
export function lutIndex(v: number, range = 1): number {
  if (!Number.isFinite(v)) return -1;
  return Math.round(scalePos(v, range) * (LUT_SIZE - 1));
}

/** Readable text colour (black or white) on top of the scale colour of v. */
export function textOn(v: number, range = 1): string {
  const t = scalePos(v, range);
  return t < 0.2 || t > 0.8 ? '#fff' : '#000';
}
