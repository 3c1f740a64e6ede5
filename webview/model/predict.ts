/**
 * The predict box: which answer is current (requests are numbered; a late answer to an older text is
 * ignored) and what to show from the answer's events — prediction, confidence, each token coloured by
 * its occlusion (P(positive) minus P(positive) with the word deleted, the default colouring) and its
 * contribution (gradient × input, the second choice), unknown words marked.
 *
 * Contributions are shown as the editor shows them (src/shared/contribution.ts): the colour scale's end is the
 * largest |contribution| but never below 0.1 logit, a word below 1e-3 logit is not coloured, values are written
 * with their real magnitude (+6.1e-13, not +0.000), and when every word is negligible a sentence says why.
 */
import type { DemoEvent, SnapshotEvent, TokensEvent, OutputEvent, LossEvent, GradNormsEvent } from '../../src/shared/events';
import { NEGLIGIBLE_CONTRIBUTION, contributionScale, formatContribution, negligibleContributionsNote } from '../../src/shared/contribution';
import { NEGLIGIBLE_OCCLUSION, formatOcclusion, occlusionScale, saturationNote } from '../../src/shared/occlusion';
import { normalizeEvent } from './arrays';
import { readoutNote } from './story';
import { fmt, minus, sci } from './format';
import { sentimentLabel } from '../../src/shared/events';

/** Wait this long after the last keystroke before asking (issue 14: the re-run within 100 ms; the engine answers in ≤ 30 ms). */
export const PREDICT_DEBOUNCE_MS = 90;

export class PredictTracker {
  private lastSent = 0;
  private lastText: string | null = null;
  /** The id for a new request, or null when the text has not changed since the last request. */
  next(text: string): number | null {
    if (text === this.lastText) return null;
    this.lastText = text;
    return ++this.lastSent;
  }
  /** Whether an answer is for the latest request (older answers are dropped). */
  isCurrent(requestId: number): boolean {
    return requestId === this.lastSent;
  }
}

export interface PredictToken {
  text: string;
  unknown: boolean;
  /** The step at which the model read this word, or null (unknown words are skipped; words past the length limit are cut). */
  t: number | null;
  contribution: number | null;
  /** |contribution| below NEGLIGIBLE_CONTRIBUTION: drawn uncoloured, its sign means nothing. */
  negligible: boolean;
  /** The contribution as written (`+0.512`, `-6.1e-13`), or '' when there is none. */
  value: string;
  /** P(positive) minus P(positive) with this word deleted, or null (not read, or no occlusion in the answer). */
  occlusion: number | null;
  /** |occlusion| below NEGLIGIBLE_OCCLUSION: drawn uncoloured when colouring by occlusion. */
  occlusionNegligible: boolean;
  /** The occlusion as written (`+0.127`, `−0.004`), or ''. */
  occlusionValue: string;
  title: string;
}
export interface PredictView {
  label: 'Positive' | 'Negative' | null;
  confidence: number | null;
  probs: number[];
  tokens: PredictToken[];
  unknownCount: number;
  /** The colour scale's end: the largest |contribution|, never below CONTRIBUTION_SCALE_FLOOR. */
  contributionRange: number;
  /** The largest |contribution| of a word the model read (0 when there are none). */
  largestContribution: number;
  /** "All words' contributions are below 1e-3 …" when every word is negligible, else null. */
  contributionNote: string | null;
  /** The strongest words with their contributions ("worst (-0.912)"), strongest first; empty when all are negligible. */
  strongest: string[];
  /** Whether the answer has occlusions (every engine answer does; old recordings may not). */
  hasOcclusion: boolean;
  /** The largest |occlusion| of a word the model read, and the colour scale's end (floored at 0.05). */
  largestOcclusion: number;
  occlusionRange: number;
  /** The strongest words by |occlusion| ("worst (−0.312)"), non-negligible only. */
  strongestByOcclusion: string[];
  /** "The output is saturated …" when P(positive) is within 0.02 of 0 or 1 (occlusions are then small), else null. */
  saturationNote: string | null;
  error: string | null;
  snapshot: SnapshotEvent | null;
  /** Why the answer hardly depends on the text (the notebook's `final` readout after padding), or null. */
  note: string | null;
  /** "Loss … against the predicted class (…)": a typed text has no label, so the loss is against the model's own answer. */
  lossLine: string | null;
  /** "Gradient norm … of layer 0's recurrent weights W_hh (rnn_cells.0.h2h.weight) …": which weights the norm is of. */
  gradLine: string | null;
}

/** The recurrent weight whose gradient norm Predict reports (the notebook's "Gradient Norm"): layer 0's W_hh. */
export const PREDICT_GRAD_WEIGHTS = ['rnn_cells.0.h2h.weight', 'rnn_cells.0.weight_hh'] as const;

function lossAndGradLines(loss: LossEvent | null, norms: GradNormsEvent | null,
  predicted: number | null): { lossLine: string | null; gradLine: string | null } {
  const lossLine = loss
    ? minus(`Loss ${fmt(loss.loss, 4)} against the ${loss.target === predicted ? 'predicted class' : 'class'} (${sentimentLabel(loss.target).toLowerCase()}): ` +
      (loss.target === predicted ? 'the text has no label, so the loss — and every gradient shown — is how much surer of its own answer the model could be.' : 'the label given with the text.'))
    : null;
  const name = norms ? PREDICT_GRAD_WEIGHTS.find((n) => norms.perParam[n] !== undefined) : undefined;
  const gradLine = norms && name
    ? `Gradient norm ${fmt(norms.perParam[name], 4)} of layer 0’s recurrent weights W_hh (${name}); of all the weights together ${fmt(norms.total, 4)}.`
    : null;
  return { lossLine, gradLine };
}

/** How many words the "strongest" line names. */
export const STRONGEST_WORDS = 5;

export function predictView(events: readonly DemoEvent[], error?: string): PredictView {
  let tokens: TokensEvent | null = null, output: OutputEvent | null = null, snapshot: SnapshotEvent | null = null;
  let loss: LossEvent | null = null, norms: GradNormsEvent | null = null;
  for (const raw of events) {
    const e = normalizeEvent(raw);
    if (e.type === 'loss') loss = e;
    else if (e.type === 'grad-norms') norms = e;
    else if (e.type === 'tokens') tokens = e;
    else if (e.type === 'output') output = e;
    else if (e.type === 'snapshot') snapshot = e;
  }
  const read = snapshot ? Math.min(snapshot.length, snapshot.hidden.steps) : Infinity;
  // The engine skips unknown words: its step t reads the t-th known word of the text. (A snapshot that keeps
  // unknown words among its tokens reads word i at step i.)
  const skipsUnknown = !!tokens && !(snapshot?.unknown.slice(0, snapshot.length).some(Boolean));
  const words = tokens?.tokens ?? snapshot?.tokens.slice(0, snapshot.length) ?? [];
  const unknown = tokens?.unknown ?? snapshot?.unknown ?? [];
  const contrib = snapshot?.contribution ?? null;
  const occl = snapshot?.occlusion ?? null;
  let largest = 0;
  let largestOcc = 0;
  const list: PredictToken[] = [];
  let step = 0;
  for (let i = 0; i < words.length; i++) {
    const unk = !!unknown[i];
    let t: number | null = null;
    if (!(unk && skipsUnknown)) { if (step < read) t = step; step++; }
    const c = contrib && t !== null && t < contrib.length ? contrib[t] : null;
    if (c !== null && Number.isFinite(c)) largest = Math.max(largest, Math.abs(c));
    const negligible = c !== null && Number.isFinite(c) && Math.abs(c) < NEGLIGIBLE_CONTRIBUTION;
    const value = c === null ? '' : minus(formatContribution(c));
    const dir = c === null ? '' : negligible ? ` (negligible: below ${sci(NEGLIGIBLE_CONTRIBUTION, 0)})`
      : c > 0 ? ' (towards positive)' : c < 0 ? ' (towards negative)' : '';
    const why = unk ? ' — unknown word (not in the vocabulary): the model skips it'
      : t === null && snapshot ? ` — not read: the model reads only the first ${snapshot.hidden.steps} known words` : '';
    const o = occl && t !== null && t < occl.length ? occl[t] : null;
    if (o !== null && Number.isFinite(o)) largestOcc = Math.max(largestOcc, Math.abs(o));
    const occlusionNegligible = o !== null && Number.isFinite(o) && Math.abs(o) < NEGLIGIBLE_OCCLUSION;
    const occlusionValue = o === null ? '' : minus(formatOcclusion(o));
    const oDir = o === null ? '' : occlusionNegligible ? ` (negligible: below ${sci(NEGLIGIBLE_OCCLUSION, 0)})`
      : o > 0 ? ' (towards positive)' : ' (towards negative)';
    const occText = o !== null ? ` — occlusion: P(positive) minus P(positive) without this word = ${occlusionValue}${oDir}` : '';
    const gradText = c !== null ? ` — gradient × input, contribution to “positive”: ${value}${dir}` : '';
    const title = `“${words[i]}”${why}${occText}${gradText}`;
    list.push({ text: words[i], unknown: unk, t, contribution: c, negligible, value, occlusion: o, occlusionNegligible, occlusionValue,
      title });
  }
  const probs = output?.probs ?? snapshot?.probs ?? [];
  const predicted = output?.predicted ?? (probs.length === 2 ? (probs[1] > probs[0] ? 1 : 0) : null);
  const withC = list.filter((w) => w.contribution !== null && Number.isFinite(w.contribution));
  const contributionNote = snapshot && withC.length
    ? minusOrNull(negligibleContributionsNote(largest, snapshot.readout, snapshot.hidden.steps - snapshot.length)) : null;
  const strongest = contributionNote ? [] : withC.filter((w) => !w.negligible)
    .sort((a, b) => Math.abs(b.contribution as number) - Math.abs(a.contribution as number))
    .slice(0, STRONGEST_WORDS).map((w) => `${w.text} (${w.value})`);
  const strongestByOcclusion = list.filter((w) => w.occlusion !== null && Number.isFinite(w.occlusion) && !w.occlusionNegligible)
    .sort((a, b) => Math.abs(b.occlusion as number) - Math.abs(a.occlusion as number))
    .slice(0, STRONGEST_WORDS).map((w) => `${w.text} (${w.occlusionValue})`);
  const pPos = probs.length >= 2 ? probs[1] : NaN;
  return {
    hasOcclusion: !!occl, largestOcclusion: largestOcc, occlusionRange: occlusionScale(largestOcc), strongestByOcclusion,
    saturationNote: occl ? saturationNote(pPos) ?? null : null,
    label: predicted === null ? null : sentimentLabel(predicted),
    confidence: predicted === null || probs.length <= predicted ? null : probs[predicted],
    probs, tokens: list, unknownCount: list.filter((t) => t.unknown).length,
    contributionRange: contributionScale(largest), largestContribution: largest, contributionNote, strongest,
    error: error ?? null, snapshot, note: snapshot ? readoutNote(snapshot) : null, ...lossAndGradLines(loss, norms, predicted),
  };
}

const minusOrNull = (s: string | null | undefined): string | null => (s ? minus(s) : null);
