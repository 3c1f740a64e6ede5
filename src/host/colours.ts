/**
 * The editor's decoration colours for word contributions, on the visualizer's diverging scale
 * (src/shared/colour.ts), so a word looks the same in the editor and in the panel. Pure.
 */
import { contributionScale, NEGLIGIBLE_CONTRIBUTION } from '../shared/contribution';
import { divergingHex, NON_FINITE_HEX } from '../shared/colour';
import { NEGLIGIBLE_OCCLUSION, occlusionScale } from '../shared/occlusion';

/**
 * Decoration background for a word's contribution (logit units): the scale's colour, alpha growing with
 * |c| / range. The range never goes below CONTRIBUTION_SCALE_FLOOR and a negligible |c| (< 1e-3) gets no
 * colour, so a document of vanished contributions is not painted as if its largest one meant something.
 */
export function contributionBackground(c: number, range: number, maxAlpha = 0.35): string {
  if (!Number.isFinite(c)) return `${NON_FINITE_HEX}59`;
  const r = contributionScale(range);
  const strength = Math.abs(c) < NEGLIGIBLE_CONTRIBUTION ? 0 : Math.min(1, Math.abs(c) / r);
  const alpha = Math.round(strength * maxAlpha * 255);
  return divergingHex(c, r) + alpha.toString(16).padStart(2, '0');
}

/**
 * Bucket of a contribution (logit units; range floored as above), so a document needs a handful of
 * decoration types, not one per word. 0 (no decoration) for a negligible |c|.
 */
export function contributionBucket(c: number, range: number, buckets = 5): number {
  if (!Number.isFinite(c) || Math.abs(c) < NEGLIGIBLE_CONTRIBUTION) return 0;
  const r = contributionScale(range);
  const level = Math.min(buckets, Math.ceil((Math.abs(c) / r) * buckets));
  return c < 0 ? -level : level;
}

/** The contribution a bucket stands for (its upper edge), for its colour. */
export function bucketValue(bucket: number, range: number, buckets = 5): number {
  return (bucket / buckets) * range;
}

/**
 * Bucket of an occlusion ΔP (probability units; scale end = the largest |ΔP|, floored at 0.05), so the
 * editor colours the exact ΔP a student can check. 0 (no decoration) below 1e-3.
 */
export function occlusionBucket(d: number, largest: number, buckets = 5): number {
  if (!Number.isFinite(d) || Math.abs(d) < NEGLIGIBLE_OCCLUSION) return 0;
  const r = occlusionScale(largest);
  const level = Math.min(buckets, Math.ceil((Math.abs(d) / r) * buckets));
  return d < 0 ? -level : level;
}
