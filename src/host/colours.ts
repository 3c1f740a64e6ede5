/**
 * Colours shared by the editor decorations and the hover heatmap: the visualizer's diverging scale
 * (d3's RdBu, colour-blind safe, centred at 0: −1 blue, +1 red), so a word looks the same in the editor
 * and in the panel. Pure.
 */
import { interpolateRdBu } from 'd3-scale-chromatic';

/** Colour of NaN/±∞ (the scale never produces it), as in the visualizer. */
export const NON_FINITE = '#ff00ff';

/** `#rrggbb` of v on the scale from −range (blue) to +range (red); clamped. */
export function diverging(v: number, range = 1): string {
  if (!Number.isFinite(v)) return NON_FINITE;
  const t = Math.min(1, Math.max(0, (v / range + 1) / 2));
  return toHex(interpolateRdBu(1 - t));
}

function toHex(css: string): string {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(css);
  if (!m) return css;
  return '#' + [m[1], m[2], m[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('');
}

/** Decoration background for a word's contribution: the scale's colour, alpha growing with |c| / range. */
export function contributionBackground(c: number, range: number, maxAlpha = 0.35): string {
  if (!Number.isFinite(c)) return `${NON_FINITE}59`;
  const r = range > 0 ? range : 1;
  const strength = Math.min(1, Math.abs(c) / r);
  const alpha = Math.round(strength * maxAlpha * 255);
  return diverging(c, r) + alpha.toString(16).padStart(2, '0');
}

/** Bucket of a contribution, so a document needs a handful of decoration types, not one per word. */
export function contributionBucket(c: number, range: number, buckets = 5): number {
  if (!Number.isFinite(c)) return 0;
  const r = range > 0 ? range : 1;
  const level = Math.min(buckets, Math.ceil((Math.abs(c) / r) * buckets));
  return c < 0 ? -level : level;
}

/** The contribution a bucket stands for (its upper edge), for its colour. */
export function bucketValue(bucket: number, range: number, buckets = 5): number {
  return (bucket / buckets) * range;
}
