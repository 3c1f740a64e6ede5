/**
 * How a word's contribution (gradient × input of logit₁ − logit₀, in logit units) is shown: the size below
 * which it means nothing, the smallest end the colour scale may have, and how it is written. Shared by the
 * analyze demo's log and the editor's tints and hovers, so they say the same thing. Pure.
 *
 * Measured on 300 held-out reviews (`train --save`, 5 epochs): with the `mean` readout the median word has
 * |contribution| 3.4e-2 and every review's strongest word at least 0.18 (median 0.66); with `final`, a review
 * followed by dozens of pad steps has every word below 1e-5 (down to 1e-13): the gradient vanished.
 */

/** Below this |contribution| (logit units) a word is not coloured and its sign is not called a direction. */
export const NEGLIGIBLE_CONTRIBUTION = 1e-3;

/** The colour scale's end is the largest |contribution|, but never below this (logit units): noise stays pale. */
export const CONTRIBUTION_SCALE_FLOOR = 0.1;

/** The colour scale's end for a document whose largest |contribution| is `largest`. */
export function contributionScale(largest: number): number {
  return Number.isFinite(largest) && largest > CONTRIBUTION_SCALE_FLOOR ? largest : CONTRIBUTION_SCALE_FLOOR;
}

/** Signed, with its real magnitude: `+0.512`, `-0.020`, `+6.1e-13`, `0`. */
export function formatContribution(c: number): string {
  if (Number.isNaN(c)) return 'NaN';
  if (!Number.isFinite(c)) return c > 0 ? '+∞' : '-∞';
  if (c === 0) return '0';
  const sign = c > 0 ? '+' : '-';
  const a = Math.abs(c);
  return sign + (a >= NEGLIGIBLE_CONTRIBUTION ? a.toFixed(3) : a.toExponential(1));
}

/**
 * The sentence said when every word's contribution is negligible (undefined otherwise): with the `final`
 * readout after padding, the gradient died in the pad steps.
 */
export function negligibleContributionsNote(largest: number, readout: string, padSteps: number): string | undefined {
  if (!(Math.abs(largest) < NEGLIGIBLE_CONTRIBUTION)) return undefined;
  const why = readout === 'final' && padSteps > 0
    ? `the gradient vanished in the ${padSteps} padding steps before reaching the words (readout "final")`
    : 'too small to mean anything';
  return `All words' contributions are below ${NEGLIGIBLE_CONTRIBUTION.toExponential(0)} (largest ${formatContribution(largest).replace(/^\+/, '')}): ${why}, so no word is coloured and their ranking means nothing.`;
}
