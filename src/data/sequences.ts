/**
 * Fixed-length sequences and the train/test split, as in the notebook: post-padding with 0 (or
 * truncation) to `seqLength`, keeping each row's real length; a seeded shuffle, then the first
 * `floor(n * 0.8)` rows train and the rest test.
 *
 * The shuffle uses mulberry32, a small seeded PRNG, with Fisher–Yates. It cannot reproduce PyTorch's
 * `torch.manual_seed(1234); torch.randperm(n)` (a different generator and algorithm), so the same seed
 * gives a different, but always the same, split here.
 */
import { createPrng, Prng } from '../shared/prng';
import { DataError } from './errors';

/** Default sequence length, as in the notebook. */
export const DEFAULT_SEQ_LENGTH = 100;
/** Default seed (the notebook's `torch.manual_seed(1234)`, though the permutation differs). */
export const DEFAULT_SEED = 1234;
/** Share of rows that train. */
export const DEFAULT_TRAIN_FRACTION = 0.8;

/** Rows of ids padded to one length: row-major [n][seqLength], plus each row's real length. */
export interface Padded {
  n: number;
  seqLength: number;
  ids: Int32Array;
  lengths: Int32Array;
}

/** Post-pads with 0 (or truncates) every row to `seqLength`; `lengths[i]` = min(row length, seqLength). */
export function padSequences(rows: readonly (readonly number[])[], seqLength = DEFAULT_SEQ_LENGTH): Padded {
  if (!Number.isInteger(seqLength) || seqLength < 1) throw new DataError(`sequence length must be a positive integer, got ${seqLength}.`);
  const ids = new Int32Array(rows.length * seqLength);
  const lengths = new Int32Array(rows.length);
  rows.forEach((row, r) => {
    const len = Math.min(row.length, seqLength);
    for (let t = 0; t < len; t++) ids[r * seqLength + t] = row[t] as number;
    lengths[r] = len;
  });
  return { n: rows.length, seqLength, ids, lengths };
}

/** mulberry32: a seeded generator of floats in [0, 1) (the engine's PRNG). Same seed, same stream, on every platform. */
export function mulberry32(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

/** A seeded permutation of 0..n-1 (Fisher–Yates driven by mulberry32). */
export function permutation(n: number, seed = DEFAULT_SEED): Int32Array {
  return createPrng(seed).permutation(n);
}

/** Row indices of the split: shuffle with `seed`, the first floor(n·fraction) train, the rest test. */
export function splitIndices(
  n: number, seed = DEFAULT_SEED, trainFraction = DEFAULT_TRAIN_FRACTION,
): { train: Int32Array; test: Int32Array } {
  if (!(trainFraction > 0 && trainFraction < 1)) throw new DataError(`train fraction must be between 0 and 1, got ${trainFraction}.`);
  const p = permutation(n, seed);
  const cut = Math.floor(n * trainFraction);
  return { train: p.slice(0, cut), test: p.slice(cut) };
}

/** The rows `which` of `padded` (and of `labels`), in that order. */
export function takeRows(
  padded: Padded, labels: ArrayLike<number>, which: Int32Array,
): Padded & { labels: Int32Array; source: Int32Array } {
  const T = padded.seqLength;
  const ids = new Int32Array(which.length * T);
  const lengths = new Int32Array(which.length);
  const out = new Int32Array(which.length);
  which.forEach((r, i) => {
    ids.set(padded.ids.subarray(r * T, (r + 1) * T), i * T);
    lengths[i] = padded.lengths[r] as number;
    out[i] = labels[r] as number;
  });
  return { n: which.length, seqLength: T, ids, lengths, labels: out, source: which.slice() };
}
