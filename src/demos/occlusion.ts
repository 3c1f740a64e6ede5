/**
 * Occlusion: how much each word moves the answer, exactly. For token i, P(positive) of the text minus
 * P(positive) of the same text with that word deleted — the number `unrolled predict` answers for the
 * shortened text, so a student can check it by deleting the word. Positive: the word pushed toward
 * positive. Pure: no Node, no DOM.
 *
 * Deleting a token's characters [start, end) removes exactly that token (its span holds no whitespace, and
 * any non-letters left beside it are deleted by the tokenizer), so the shortened text's ids are the known
 * ids without that word; the next word past seqLength moves in, as it would in `predict`. Deleting an unknown
 * word, or one past seqLength, leaves the ids unchanged: its occlusion is exactly 0.
 */
import { encodeTokens, padSequences, type EncodedReview } from '../data/index';
import { getKernels, unrolledForward, type RnnKernels, type UnrolledModel } from '../engine/index';
import type { ReadoutName } from '../shared/events';
import type { ModelForDemo } from './model-file';
export { NEGLIGIBLE_OCCLUSION, formatOcclusion, occlusionScale, saturationNote } from '../shared/occlusion';

/** Rows per batched forward pass (bounds memory for long documents; the result does not depend on it). */
const ROWS_PER_PASS = 32;

/** The text with token `i` deleted: what a student types into Predict to check the number. */
export function withoutToken(text: string, enc: Pick<EncodedReview, 'tokens'>, i: number): string {
  const tok = enc.tokens[i];
  return text.slice(0, tok.start) + text.slice(tok.end);
}

/**
 * P(class 1) for each text given as its known ids (already in the model's vocabulary), one batched forward
 * pass per ROWS_PER_PASS rows.
 */
export function positiveOfIdRows(
  model: UnrolledModel, rows: readonly (readonly number[])[], readout: ReadoutName, kernels: RnnKernels = getKernels(),
): Float64Array {
  const T = model.config.seqLength;
  const O = model.config.outputSize;
  const pos = Math.min(1, O - 1);
  const out = new Float64Array(rows.length);
  for (let r0 = 0; r0 < rows.length; r0 += ROWS_PER_PASS) {
    const chunk = rows.slice(r0, r0 + ROWS_PER_PASS);
    const padded = padSequences(chunk, T);
    const f = unrolledForward(model, { ids: padded.ids, lengths: padded.lengths, batchSize: chunk.length, seqLength: T }, readout, kernels);
    for (let b = 0; b < chunk.length; b++) out[r0 + b] = f.probs[b * O + pos];
  }
  return out;
}

/**
 * Per token of `enc`: pPositive − P(positive with that token deleted). `pPositive` is the full text's
 * P(class 1) as predictIds computed it. Unknown words and words past seqLength get 0 (deleting them
 * changes no id).
 */
export function occlusionOf(m: ModelForDemo, enc: EncodedReview, pPositive: number, kernels?: RnnKernels): number[] {
  const words = enc.tokens.map((t) => t.word);
  const read = new Set(enc.positions); // token indices the model reads (known, within seqLength)
  const which: number[] = [];
  const rows: number[][] = [];
  for (let i = 0; i < enc.tokens.length; i++) {
    if (!read.has(i)) continue;
    which.push(i);
    rows.push(encodeTokens(words.filter((_, j) => j !== i), m.vocab).modelIds);
  }
  const p = positiveOfIdRows(m.model, rows, m.readout, kernels);
  const occ = new Array<number>(enc.tokens.length).fill(0);
  which.forEach((i, r) => { occ[i] = pPositive - p[r]; });
  return occ;
}
