/**
 * The Vanishing Gradients comparison: the run's long and short sequences on ONE log axis, so the 100-token
 * sequence's first-token gradient (~1e−17) and the 4-token one's (~0.08) are drawn 16 decades apart instead of
 * each on its own axis, where both look alike. Every figure comes from the snapshots (‖∂L/∂x_0‖ is
 * inputGradNorm[0], the first token's embedding gradient the demo prints). Pure.
 */
import type { SnapshotEvent } from '../../src/shared/events';
import { fmt, minus } from './format';
import { MIN_EXPONENT } from './gradient';

export interface SequenceGrad {
  /** Index of the snapshot in the run. */
  index: number;
  /** Words read (the sequence length). */
  length: number;
  /** ‖∂L/∂x_0‖: the first token's input gradient. */
  first: number;
  /** The smallest and largest finite positive ‖∂L/∂h_t‖ of the sequence. */
  min: number;
  max: number;
}

export interface VanishComparison {
  long: SequenceGrad;
  short: SequenceGrad;
  /** short.first / long.first (null when either is 0 or not finite). */
  ratio: number | null;
  /** The shared axis: whole decades (log10) covering both sequences' ‖∂L/∂h_t‖ and ‖∂L/∂x_0‖. */
  axis: { lo: number; hi: number };
  /** The sentence the panel's narration adds. */
  narration: string;
}

const finitePos = (v: number): boolean => v > 0 && Number.isFinite(v);

function sequenceOf(s: SnapshotEvent, index: number): SequenceGrad | null {
  if (!s.inputGradNorm || !s.hiddenGradNorm || s.inputGradNorm.length === 0) return null;
  let min = Infinity, max = -Infinity;
  for (const v of [...Array.from(s.hiddenGradNorm), s.inputGradNorm[0]]) {
    if (!finitePos(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return null;
  return { index, length: s.length, first: s.inputGradNorm[0], min, max };
}

/** "7.77e+15" as the panel writes it (a true minus sign for negative exponents). */
export function ratioText(r: number): string {
  return r >= 1e4 || r < 1e-3 ? minus(r.toExponential(2)) : fmt(r, 3);
}

/**
 * The comparison for a vanish run's snapshots: the longest and the shortest sequence with gradients. Null when
 * the run has fewer than two such sequences of different lengths (the chart and sentence are then left out).
 */
export function vanishComparison(snaps: readonly SnapshotEvent[]): VanishComparison | null {
  const seqs = snaps.map((s, i) => sequenceOf(s, i)).filter((x): x is SequenceGrad => x !== null);
  if (seqs.length < 2) return null;
  const long = seqs.reduce((a, b) => (b.length > a.length ? b : a));
  const short = seqs.reduce((a, b) => (b.length < a.length ? b : a));
  if (long.length === short.length) return null;
  const lo = Math.max(MIN_EXPONENT, Math.floor(Math.log10(Math.min(long.min, short.min)) + 1e-5));
  let hi = Math.ceil(Math.log10(Math.max(long.max, short.max)) - 1e-5);
  if (hi <= lo) hi = lo + 1;
  const ratio = finitePos(long.first) && finitePos(short.first) ? short.first / long.first : null;
  const extra = long.length - short.length;
  const why = stepFactor(snaps[long.index]);
  const narration = ratio === null
    ? `Both sequences are drawn on one axis (1e${lo}…1e${hi}); the first token's gradient is not a positive number in one of them, so there is no ratio.`
    : ratio >= 1
      ? `On one axis: the first of ${short.length} tokens gets ${ratioText(ratio)} times the gradient of the first of ${long.length} ` +
        `(‖∂L/∂x_0‖ = ${fmt(short.first, 3)} vs ${fmt(long.first, 3)}) — the same weights, ${extra} more steps back, ${why}.`
      : `On one axis: the first of ${long.length} tokens gets ${ratioText(1 / ratio)} times the gradient of the first of ${short.length} ` +
        `(‖∂L/∂x_0‖ = ${fmt(long.first, 3)} vs ${fmt(short.first, 3)}): here the gradient grows as it flows back.`;
  return { long, short, ratio, axis: { lo, hi }, narration: minus(narration) };
}

/**
 * What multiplies the gradient at each step back, for the cell of the long sequence: tanh's slope and W_hh, or
 * the gated cells' keep gate on their direct path, with its mean along the sequence (layer 0, steps 1…T−1).
 */
export function stepFactor(s: SnapshotEvent): string {
  const g = s.gates;
  if (!g || (g.cell !== 'lstm' && g.cell !== 'gru')) return 'each multiplying by W_hh and tanh’s slope';
  const block = 1; // PyTorch's order: LSTM i, f, g, o; GRU r, z, n
  const H = g.units, G = g.gates, T = Math.min(g.steps, s.length);
  let sum = 0, n = 0;
  for (let t = 1; t < T; t++) for (let u = 0; u < H; u++, n++) sum += g.data[(t * G + block) * H + u];
  const mean = n ? fmt(sum / n, 2) : 'n/a';
  return g.cell === 'lstm'
    ? `each multiplying the cell-state path by the forget gate f (mean ${mean} along it) — the nearer f is to 1, the less is lost`
    : `each multiplying the direct path by the update gate z (mean ${mean} along it) — the nearer z is to 1, the less is lost`;
}

/** The comparison for a run, when it is a Vanishing Gradients run with both sequences (else null). */
export function vanishOf(run: { demo: string | null; snapshots: readonly SnapshotEvent[] }): VanishComparison | null {
  return run.demo === 'vanish' ? vanishComparison(run.snapshots) : null;
}

/**
 * The ‖∂L/∂h_t‖ axis the network draws `s` on in a Vanishing Gradients run: the run's one shared axis, widened by
 * whole decades when `s` (a what-if answer) reaches outside it, so no bar is cut off. Undefined outside such a run.
 */
export function gradAxisFor(run: { demo: string | null; snapshots: readonly SnapshotEvent[] },
  s: SnapshotEvent | null): { lo: number; hi: number } | undefined {
  const v = vanishOf(run);
  if (!v) return undefined;
  const seq = s ? sequenceOf(s, -1) : null;
  if (!seq) return v.axis;
  const lo = Math.min(v.axis.lo, Math.max(MIN_EXPONENT, Math.floor(Math.log10(seq.min) + 1e-5)));
  const hi = Math.max(v.axis.hi, Math.ceil(Math.log10(seq.max) - 1e-5));
  return { lo, hi };
}
