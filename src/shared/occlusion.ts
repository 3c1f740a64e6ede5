/**
 * How an occlusion ΔP (occlusion.ts) is shown, shared by the CLI log, the editor's tints and hovers and the
 * panel's Predict view, so they say the same thing. Pure: no engine, no Node, no DOM (the webview imports it).
 */

/** Below this |ΔP| a word is not coloured and not called a direction (a thousandth of probability). */
export const NEGLIGIBLE_OCCLUSION = 1e-3;

/** ΔP as shown: signed, three decimals (`+0.127`, `−0.004`), or `0` when exactly nothing changed. */
export function formatOcclusion(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === 0) return '0';
  const s = Math.abs(d).toFixed(3);
  if (s === '0.000') return `${d > 0 ? '+' : '\u2212'}${Math.abs(d).toExponential(1)}`;
  return `${d > 0 ? '+' : '\u2212'}${s}`;
}

/** The occlusion colour scale's end is never below this (probability): noise stays pale. */
export const OCCLUSION_SCALE_FLOOR = 0.05;

/** The colour scale's end for occlusion: the largest |ΔP|, never below OCCLUSION_SCALE_FLOOR, at most 1. */
export function occlusionScale(largest: number): number {
  return Number.isFinite(largest) ? Math.min(1, Math.max(OCCLUSION_SCALE_FLOOR, largest)) : OCCLUSION_SCALE_FLOOR;
}

/**
 * When the output is saturated (P within 0.02 of 0 or 1), deleting one word barely moves it even if the word
 * matters: say so (undefined otherwise).
 */
export function saturationNote(pPositive: number): string | undefined {
  const edge = Math.min(pPositive, 1 - pPositive);
  if (!(edge < 0.02)) return undefined;
  const side = pPositive >= 0.5 ? 'positive' : 'negative';
  return `The output is saturated (P(positive) = ${pPositive.toFixed(4)}, very sure it is ${side}): deleting one word ` +
    'barely moves it, so small occlusions here do not mean the word is unimportant.';
}
