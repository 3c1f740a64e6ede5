/**
 * The one-sentence caption under the controls: what the picture shows at this moment, in words a
 * student who has never seen BPTT can follow. Also the clip panel of the exploding demo.
 */
import type { SnapshotEvent, ClipEvent } from '../../src/shared/events';
import type { PhaseAt } from './playback';
import { fmt, fmtWords, nonFiniteWords } from './format';
import { unreadNote } from './inspect';
import { readoutSteps } from './layout';
import { vanishOf } from './vanish-compare';

function gradAt(s: SnapshotEvent, layer: number, t: number): number | null {
  return s.hiddenGradNorm ? s.hiddenGradNorm[layer * s.hidden.steps + t] : null;
}

/** Decades between a and b (b/a), or null when either is not a positive finite number. */
export function decades(a: number, b: number): number | null {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  return Math.log10(b / a);
}

/** The caption at `p`; for a Vanishing Gradients `run` with both sequences, followed by their ratio on one axis. */
export function caption(s: SnapshotEvent, p: PhaseAt, run?: { demo: string | null; snapshots: readonly SnapshotEvent[] }): string {
  const vanish = run ? vanishOf(run) : null;
  const step = stepCaption(s, p);
  return vanish ? `${step}${/[.:!?]$/.test(step) ? '' : '.'} ${vanish.narration}` : step;
}

function stepCaption(s: SnapshotEvent, p: PhaseAt): string {
  const T = s.hidden.steps, L = s.hidden.layers;
  const word = s.tokens[p.t] ?? '';
  const pad = p.t >= s.length;
  if (p.phase === 'forward') {
    const what = pad
      ? `t = ${p.t} is padding (<PAD>, input id 0): no word comes in, yet the state keeps being rewritten — it is forgetting the review.`
      : `t = ${p.t}, “${word}”: each layer mixes this input with its previous state h_${p.t > 0 ? p.t - 1 : '−1'}${p.t === 0 ? ' (zero)' : ''}.`;
    const end = p.t === T - 1 ? ` Last step: the output reads ${readoutWords(s)}.` : '';
    return `Forward pass. ${what}${end}`;
  }
  const top = L - 1;
  const g = gradAt(s, top, p.t);
  // The step where the loss first reaches the states: the last one the readout reads.
  const entry = entryStep(s);
  const gLast = gradAt(s, top, entry);
  if (g === null) return `Backward pass, t = ${p.t}.`;
  const nf = nonFiniteWords(g);
  if (nf) return `Backward pass, t = ${p.t}: ‖∂L/∂h_${p.t}‖ is ${nf} — the gradient overflowed; an update with it would destroy the weights.`;
  if (g === 0) {
    const why = unreadNote(s, p.t);
    return `Backward pass, t = ${p.t}: ‖∂L/∂h_${p.t}‖ is exactly 0 — ${why ? why[0].toLowerCase() + why.slice(1) : 'nothing of the loss reaches this step.'}`;
  }
  const d = gLast === null || p.t >= entry ? null : decades(gLast, g);
  const last = entry === T - 1 ? 'the last step' : `t = ${entry}`;
  let trend = '';
  if (d !== null && d <= -1) trend = ` — ${(-d).toFixed(1)} decades smaller than at ${last}: the gradient vanishes as it flows back, so early words barely change the weights.`;
  else if (d !== null && d >= 1) trend = ` — ${d.toFixed(1)} decades larger than at ${last}: the gradient explodes as it flows back.`;
  else if (p.t === entry) trend = s.readout === 'simple' && entry === T - 2 ? ` — where the loss first reaches the hidden states (the last output read x_${T - 1} and h_${T - 2}).` : ' — where the loss first reaches the hidden states.';
  return `Backward pass, t = ${p.t}: ‖∂L/∂h_${p.t}‖ = ${fmt(g, 4)}${L > 1 ? ' (top layer)' : ''}${trend}`;
}

/** A snapshot's label as the panel shows it: the engine's "after epoch 0" is the untrained model, "before training". */
export function snapshotLabel(label: string): string {
  return label.replace(/\bafter epoch 0\b/g, 'before training');
}

/** The last step whose state the readout reads (where the backward pass enters the states). */
function entryStep(s: SnapshotEvent): number {
  const T = s.hidden.steps;
  if (s.readout === 'simple') return Math.max(0, T - 2);
  if (s.readout === 'last-token' || s.readout === 'mean') return Math.max(0, Math.min(s.length, T) - 1);
  return T - 1;
}

/** "h_5", or "h_−1 (the zero initial state)" before the first step. */
function prevState(t: number): string {
  return t >= 1 ? `h_${t - 1}` : 'h_−1 (the zero initial state)';
}

function readoutWords(s: SnapshotEvent): string {
  const T = s.hidden.steps;
  switch (s.readout) {
    case 'simple': return `x_${T - 1} and ${prevState(T - 1)} — like every output of this RNN, h2o([x_t ; h_{t−1}]) — so h_${T - 1} is computed but nothing reads it`;
    case 'final': return s.length < s.hidden.steps ? 'the state after the padding (the notebook’s readout)' : 'the last state';
    case 'last-token': return `the state at the last real word (t = ${s.length - 1})`;
    case 'mean': return `the mean of the states over the ${s.length} real words`;
    default: return 'the last state';
  }
}

export interface ClipView {
  maxNorm: number;
  before: number;
  after: number;
  /** Bars on one log axis: fractions 0…1 (1 for non-finite). */
  beforeFrac: number;
  afterFrac: number;
  lines: string[];
  bad: boolean;
}

/** The exploding demo's before/after clipping picture. */
export function clipView(c: ClipEvent): ClipView {
  const vals = [c.before, c.after, c.maxNorm].filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.floor(Math.log10(Math.min(...vals, 1)) - 1);
  const hi = Math.ceil(Math.log10(Math.max(...vals, 1)) + 1e-9);
  const frac = (v: number) => (!Number.isFinite(v) ? 1 : v <= 0 ? 0 : (Math.log10(v) - lo) / (hi - lo));
  const lines = [
    `Global gradient norm before clipping: ${fmtWords(c.before, 6)}`,
    `Clipping threshold (max norm): ${fmt(c.maxNorm, 4)}`,
    `After clipping: ${fmtWords(c.after, 6)}`,
  ];
  if (c.watched) lines.push(`${c.watched.name}: ${fmtWords(c.watched.before, 6)} → ${fmtWords(c.watched.after, 6)}`);
  if (!c.finite) lines.push('The norm is not finite: clipping cannot rescale it (∞ / ∞ is NaN). The update was ' + (c.skipped ? 'skipped.' : 'NOT skipped — the weights are now NaN.'));
  else if (c.before > c.maxNorm) lines.push(`Every gradient was multiplied by ${fmt(c.maxNorm / c.before, 4)} so the total norm is ${fmt(c.maxNorm, 4)}.`);
  else lines.push('The norm was below the threshold: nothing was changed.');
  return { maxNorm: c.maxNorm, before: c.before, after: c.after, beforeFrac: frac(c.before), afterFrac: frac(c.after), lines,
    bad: !c.finite };
}

/**
 * While the forward pass has not yet computed every state the readout reads, the output does not exist yet: this
 * says so (and where it will be computed) instead of giving the answer away; null once it exists (from the
 * readout's column on, and throughout the backward pass).
 */
export function outputPending(s: SnapshotEvent, p: PhaseAt): { readyAt: number; short: string; sentence: string } | null {
  const T = s.hidden.steps;
  const { readyAt } = readoutSteps(s.readout, s.length, T);
  if (p.phase === 'backward' || p.computedUpTo >= readyAt) return null;
  const pads = T - s.length;
  const where = s.readout === 'mean' ? 'the last real word: the mean needs every word’s state'
    : s.readout === 'last-token' ? 'the last real word'
    : s.readout === 'simple' ? 'the last word'
    : pads > 0 ? `the last step, after ${pads} padding step${pads === 1 ? '' : 's'}` : 'the last step';
  return {
    readyAt,
    short: `computed at t = ${readyAt}`,
    sentence: `Not computed yet: the output is computed at t = ${readyAt} (${where}). Press End or play on.`,
  };
}

/**
 * What the output box says, in words (shown beside the network, whose output may be scrolled away). With the
 * playback position `p`, the prediction is withheld until the forward pass has computed it (outputPending).
 */
export function outputSummary(s: SnapshotEvent, p?: PhaseAt): string[] {
  const T = s.hidden.steps, L = s.hidden.layers;
  const pads = T - s.length;
  const where = s.readout === 'mean' ? `the mean of layer ${L}’s states over t = 0…${s.length - 1} (the real words)`
    : s.readout === 'last-token' ? `layer ${L} at t = ${s.length - 1}, the last real word`
    : s.readout === 'final' ? `layer ${L} at t = ${T - 1}${pads > 0 ? `, after ${pads} padding step${pads === 1 ? '' : 's'}` : ''}`
    : s.readout === 'simple' ? `the last word’s input x_${T - 1} (“${s.tokens[T - 1] ?? ''}”) and the state before it, ${prevState(T - 1)}: output = h2o([x_t ; h_{t−1}])`
    : `the state after the last word (t = ${T - 1})`;
  const lines = [`Read out from ${where}.`];
  if (s.readout === 'simple') lines.push(`h_${T - 1} is computed but nothing reads it, so its ∂L/∂h is 0.`);
  const pending = p ? outputPending(s, p) : null;
  if (pending) lines.push(pending.sentence);
  else if (s.probs.length === 2) {
    const pred = s.probs[1] > s.probs[0] ? 'positive' : 'negative';
    lines.push(`P(positive) = ${fmt(s.probs[1], 4)} → predicted ${pred}.`);
  } else if (s.logits.length) lines.push(`logits [${s.logits.map((v) => fmt(v, 4)).join(', ')}]`);
  if (s.loss !== undefined && !pending) lines.push(`Loss ${fmtWords(s.loss, 4)} against the target ${s.target === 1 ? 'positive' : 'negative'}.`);
  return lines;
}

/**
 * The one-line explanation for the notebook's `final` readout on a review shorter than the sequence: the
 * classifier reads the state after the padding, so nearly every text gets nearly the same answer. Null for
 * other readouts and for reviews that fill the sequence. `suggest` adds the pointer to Compare Readouts.
 */
export function readoutNote(s: SnapshotEvent, suggest = true): string | null {
  if (s.readout !== 'final') return null;
  const pads = s.hidden.steps - s.length;
  if (pads <= 0) return null;
  return `This model reads its state after ${pads} padding step${pads === 1 ? '' : 's'} (the notebook’s “final” readout), by which time it has forgotten most of the review${suggest ? ' — try Compare Readouts.' : '.'}`;
}

/** The playback position: "forward · t = 3 / 27" and, apart, the word's ordinal "word 4 of 28" (or "padding"). */
export function positionLabel(s: SnapshotEvent, p: PhaseAt): { main: string; ordinal: string } {
  const T = s.hidden.steps;
  const main = `${p.phase} · t = ${p.t} / ${T - 1}`;
  const ordinal = p.t < s.length ? `word ${p.t + 1} of ${s.length}` : `padding ${p.t - s.length + 1} of ${T - s.length}`;
  return { main, ordinal };
}
