/**
 * One analyzed text: maps the model's tokens back to document offsets and answers "which word is at this
 * offset" and "what does its hover show". Built from the predict/analyze demo's `tokens` (with offsets)
 * and `snapshot` events. Unknown words are skipped by the model, so model step t reads the t-th known
 * token; words past the model's positions are not read. Pure.
 */
import { contributionScale, negligibleContributionsNote } from '../shared/contribution';
import type { SnapshotEvent, TokensEvent } from '../shared/events';
import { saturationNote } from '../shared/occlusion';
import { contributionBucket, occlusionBucket } from './colours';
import type { WordHoverInfo } from './hover-content';

/** A saliency below this is "vanished" for the hover's explanation. */
export const VANISHED = 1e-6;

/**
 * What the editor colours words by: `occlusion` (default: ΔP when the word is deleted, exact) or
 * `gradient` (gradient × input, a linear estimate in logits).
 */
export type Attribution = 'occlusion' | 'gradient';

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
  /** Largest |occlusion| over the words read (probability units; 0 when there is none or none was computed). */
  readonly largestOcclusion: number;
  /** P(positive) of the whole text (what Predict answers). */
  readonly pPositive: number;

  constructor(
    readonly runId: number,
    readonly tokens: TokensEvent,
    readonly snapshot: SnapshotEvent,
    /** Offset of the analyzed text in the document (the selection's start, or 0). */
    readonly baseOffset: number,
    /** What the words are coloured by (occlusion when the snapshot has it); the setting can change it. */
    public attribution: Attribution = 'occlusion',
    /** Which model answered, for every hover: e.g. 'readout mean, test accuracy 79.30 %'. */
    readonly modelLabel?: string,
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
    let occ = 0;
    const o = snapshot.occlusion;
    if (o) for (let i = 0; i < snapshot.length; i++) if (Number.isFinite(o[i])) occ = Math.max(occ, Math.abs(o[i]));
    this.largestOcclusion = occ;
    this.pPositive = snapshot.probs[Math.min(1, snapshot.probs.length - 1)];
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

  occlusionAt(t: number): number | undefined {
    return this.snapshot.occlusion?.[t];
  }

  /** The measure the words are coloured by: occlusion unless gradient × input was chosen or none was computed. */
  get colouredBy(): Attribution {
    return this.attribution === 'occlusion' && this.snapshot.occlusion ? 'occlusion' : 'gradient';
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

  /** Decoration bucket of the word read at step t (−buckets … +buckets; 0 = negligible, not coloured). */
  bucketAt(t: number, buckets: number): number {
    return this.colouredBy === 'occlusion'
      ? occlusionBucket(this.occlusionAt(t) ?? 0, this.largestOcclusion, buckets)
      : contributionBucket(this.contributionAt(t) ?? 0, this.contributionRange, buckets);
  }

  /** What the hover shows for a word the model read (undefined for words it did not read). */
  hoverInfo(w: AnalyzedWord, showCommandUri: string): WordHoverInfo | undefined {
    if (w.t < 0) return undefined;
    const s = this.snapshot;
    const fix = s.readout === 'final' ? ' The "mean" readout fixes this (see Compare Readouts).' : '';
    const gradientNote = this.negligibleNote ? this.negligibleNote + fix : this.vanishedNote(w.t);
    const saturated = s.occlusion ? saturationNote(this.pPositive) : undefined;
    // the gradient's note explains the gradient × input figure the hover also shows
    const note = [gradientNote, saturated].filter(Boolean).join(' ');
    return {
      word: w.word, t: w.t, length: s.length, unknown: false, hidden: this.hiddenAt(w.t),
      runningProb: s.runningProb?.[w.t],
      previousProb: w.t > 0 ? s.runningProb?.[w.t - 1] : undefined,
      saliency: s.inputGradNorm?.[w.t],
      contribution: s.contribution?.[w.t],
      ...(s.occlusion ? { occlusion: s.occlusion[w.t], pPositive: this.pPositive } : {}),
      colouredBy: this.colouredBy,
      ...(this.modelLabel ? { model: this.modelLabel } : {}),
      showCommandUri,
      ...(note ? { note } : {}),
    };
  }
}
