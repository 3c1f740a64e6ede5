/**
 * One analyzed text: maps the model's tokens back to document offsets and answers "which word is at this
 * offset" and "what does its hover show". Built from the predict/analyze demo's `tokens` (with offsets)
 * and `snapshot` events. Unknown words are skipped by the model, so model step t reads the t-th known
 * token; words past the model's positions are not read. Pure.
 */
import { contributionScale, negligibleContributionsNote } from '../shared/contribution';
import type { SnapshotEvent, TokensEvent } from '../shared/events';
import type { WordHoverInfo } from './hover-content';

/** A saliency below this is "vanished" for the hover's explanation. */
export const VANISHED = 1e-6;

export interface AnalyzedWord {
  /** Index in the tokens event. */
  index: number;
  word: string;
  /** Document offsets [start, end). */
  start: number;
  end: number;
  unknown: boolean;
  /** Model step that read this word, or -1 (unknown word, or beyond the model's positions). */
  t: number;
}

export class TextAnalysis {
  readonly words: AnalyzedWord[];
  /** Largest |contribution| over the words read (logit units; 0 when there is none). */
  readonly largestContribution: number;
  /** The colour scale's end: the largest |contribution|, but never below CONTRIBUTION_SCALE_FLOOR. */
  readonly contributionRange: number;
  /** Said in every hover when all contributions are negligible (e.g. vanished through the pad steps). */
  readonly negligibleNote: string | undefined;
  /** Words the model did not read because the text is longer than its positions. */
  readonly cutOff: number;

  constructor(
    readonly runId: number,
    readonly tokens: TokensEvent,
    readonly snapshot: SnapshotEvent,
    /** Offset of the analyzed text in the document (the selection's start, or 0). */
    readonly baseOffset: number,
  ) {
    if (!tokens.offsets || tokens.offsets.length !== tokens.tokens.length) {
      throw new Error('the analysis needs token offsets (tokens.offsets) to find the words in the editor');
    }
    const offsets = tokens.offsets;
    let t = 0;
    let cut = 0;
    this.words = tokens.tokens.map((word, index) => {
      const unknown = tokens.unknown[index] === true;
      let step = -1;
      if (!unknown) {
        if (t < snapshot.length) step = t;
        else cut++;
        t++;
      }
      return { index, word, start: baseOffset + offsets[index][0], end: baseOffset + offsets[index][1], unknown, t: step };
    });
    this.cutOff = cut;
    let range = 0;
    const c = snapshot.contribution;
    if (c) for (let i = 0; i < snapshot.length; i++) if (Number.isFinite(c[i])) range = Math.max(range, Math.abs(c[i]));
    this.largestContribution = range;
    this.contributionRange = contributionScale(range);
    this.negligibleNote = c && snapshot.length > 0
      ? negligibleContributionsNote(range, snapshot.readout ?? '', snapshot.hidden.steps - snapshot.length)
      : undefined;
  }

  /** The word whose range contains `offset` (end inclusive, so a cursor just after a word finds it). */
  wordAt(offset: number): AnalyzedWord | undefined {
    let lo = 0;
    let hi = this.words.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const w = this.words[mid];
      if (offset < w.start) hi = mid - 1;
      else if (offset > w.end) lo = mid + 1;
      else return w;
    }
    return undefined;
  }

  /** hidden[layer] at step t (views into the snapshot). */
  hiddenAt(t: number): Float32Array[] {
    const { layers, steps, units, data } = this.snapshot.hidden;
    return Array.from({ length: layers }, (_, l) => data.subarray((l * steps + t) * units, (l * steps + t + 1) * units));
  }

  contributionAt(t: number): number | undefined {
    return this.snapshot.contribution?.[t];
  }

  /** Why a word's saliency is ~0 under the notebook's readout: the gradient died in the padding steps. */
  vanishedNote(t: number): string | undefined {
    const s = this.snapshot;
    const pad = s.hidden.steps - s.length;
    const sal = s.inputGradNorm?.[t];
    if (s.readout !== 'final' || pad <= 0 || sal === undefined || !(Math.abs(sal) < VANISHED)) return undefined;
    return `The model reads its answer out after ${pad} padding steps (readout "final", as in the notebook), so the gradient ` +
      'reaching this word has vanished: it barely influences the prediction. The "mean" readout fixes this (see Compare Readouts).';
  }

  /** What the hover shows for a word the model read (undefined for words it did not read). */
  hoverInfo(w: AnalyzedWord, showCommandUri: string): WordHoverInfo | undefined {
    if (w.t < 0) return undefined;
    const s = this.snapshot;
    const fix = s.readout === 'final' ? ' The "mean" readout fixes this (see Compare Readouts).' : '';
    const note = this.negligibleNote ? this.negligibleNote + fix : this.vanishedNote(w.t);
    return {
      word: w.word, t: w.t, length: s.length, unknown: false, hidden: this.hiddenAt(w.t),
      runningProb: s.runningProb?.[w.t],
      previousProb: w.t > 0 ? s.runningProb?.[w.t - 1] : undefined,
      saliency: s.inputGradNorm?.[w.t],
      contribution: s.contribution?.[w.t],
      showCommandUri,
      ...(note ? { note } : {}),
    };
  }
}
