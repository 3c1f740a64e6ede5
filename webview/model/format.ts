/** Number formatting for people: exact enough to compare with the notebook, never hiding NaN or ∞. */

/** "NaN (not a number)", "+∞ (infinite)" etc. for non-finite values; null for finite ones. */
export function nonFiniteWords(v: number): string | null {
  if (Number.isNaN(v)) return 'NaN (not a number)';
  if (v === Infinity) return '+∞ (infinite)';
  if (v === -Infinity) return '−∞ (infinite)';
  return null;
}

/**
 * The panel's one convention for minus signs: U+2212 "−" both before a number and in an exponent
 * ("−6.896e−4", never "−6.896e-4" or "-6.896e-4"). Rewrites every ASCII hyphen that is a minus sign in
 * `s` (one directly before a digit or ∞, not inside a word such as "last-token" or "x-axis"); hyphens
 * between words and ranges like "t-1" inside identifiers are left alone.
 */
export function minus(s: string): string {
  // A hyphen is a minus when a digit/∞/"." follows and no letter or digit precedes it, or when it is an exponent's sign.
  return s.replace(/(\d[eE])-(?=\d)/g, '$1−').replace(/(^|[^\p{L}\p{N}_])-(?=[\d.∞])/gu, '$1−');
}

/**
 * A value with `digits` significant digits; scientific notation for very small or large magnitudes
 * so 1e-12 and 1e-2 read as different, and 0 reads as 0.
 */
export function fmt(v: number, digits = 4): string {
  const nf = nonFiniteWords(v);
  if (nf) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return minus(v.toExponential(Math.max(0, digits - 1)));
  return minus(v.toFixed(Math.max(0, digits - 1 - Math.floor(Math.log10(a)))));
}

/** Like fmt but spelled out for non-finite values (for tooltips and screen readers). */
export function fmtWords(v: number, digits = 4): string {
  return nonFiniteWords(v) ?? fmt(v, digits);
}

/** A fixed-width signed value for vector listings (e.g. " 0.2003", "−0.0867"). */
export function fmtSigned(v: number, decimals = 4): string {
  if (!Number.isFinite(v)) return fmt(v);
  const s = Math.abs(v).toFixed(decimals);
  return (v < 0 ? '−' : ' ') + s;
}

/** Scientific notation with `decimals` decimals and the panel's minus signs ("1e−3", "−6.1e−13"). */
export function sci(v: number, decimals: number): string {
  return Number.isFinite(v) ? minus(v.toExponential(decimals)) : fmt(v);
}

/** Percent with one decimal ("76.5 %"). */
export function pct(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(1)} %` : fmtWords(v);
}

/** Log-axis tick labels: only powers of ten, written plainly in the usual range (0.01, 1, 100) and as 1e−5 beyond. */
export function logTick(v: number): string {
  const e = Math.log10(v);
  if (!Number.isFinite(e) || Math.abs(e - Math.round(e)) > 1e-9) return '';
  const k = Math.round(e);
  if (k >= 0 && k <= 4) return String(10 ** k);
  if (k >= -2 && k < 0) return (10 ** k).toFixed(-k);
  return minus(`1e${k}`);
}
