/**
 * The data a training demo runs on, from the data pipeline: the train rows, the test rows (the 20 % split,
 * or a separate CSV such as data/imdb_heldout.csv), an optional validation slice, vocabulary and GloVe.
 */
import { isStopRequested, StopRequested, type StopFlag } from '../engine/stop';
import {
  encodeTokens, loadDataset, padSequences, readReviewsCsv, takeRows, tokenize,
  type Dataset, type Split, type Vocab,
} from '../data/index';
import type { Dataset as EngineData } from '../engine/trainer';

export interface TrainData {
  train: EngineData;
  validation: EngineData | null;
  test: EngineData;
  /** Where the test rows came from, for display. */
  testSource: string;
  vocab: Vocab;
  embeddings: Float32Array;
  embeddingDim: number;
  gloveFound: number;
  report: string[];
  /** What makes the run useless or odd, in words a student understands (shown as warnings). */
  warnings: string[];
}

export interface TrainDataOptions {
  dataPath?: string;
  glovePath?: string;
  testDataPath?: string;
  /** N > 0: N balanced reviews of the IMDB corpus shipped in data/imdb-corpus.bin; 0 or absent: the data file. */
  reviews?: number;
  vocabSize: number;
  seqLength: number;
  seed: number;
  /** Fraction of the training rows kept aside for validation. */
  validation: number;
  /** Progress lines while reading big files. */
  onProgress?: (line: string) => void;
  /** Ctrl-C / Stop while loading: the loading throws StopRequested (src/engine/stop.ts). */
  stopFlag?: StopFlag;
}

export function toEngineData(s: Pick<Split, 'ids' | 'lengths' | 'labels' | 'n' | 'seqLength'>): EngineData {
  return { ids: s.ids, lengths: s.lengths, labels: s.labels, count: s.n, seqLength: s.seqLength };
}

/** Rows [from, to) of an engine dataset (a view, not a copy). */
export function sliceRows(d: EngineData, from: number, to: number): EngineData {
  const T = d.seqLength;
  return {
    ids: d.ids.subarray(from * T, to * T),
    lengths: d.lengths.subarray(from, to),
    labels: d.labels.subarray(from, to),
    count: to - from,
    seqLength: T,
  };
}

function concatRows(a: EngineData, b: EngineData): EngineData {
  const ids = new Int32Array(a.ids.length + b.ids.length);
  ids.set(a.ids);
  ids.set(b.ids, a.ids.length);
  const lengths = new Int32Array(a.count + b.count);
  lengths.set(a.lengths);
  lengths.set(b.lengths, a.count);
  const labels = new Int32Array(a.count + b.count);
  labels.set(a.labels);
  labels.set(b.labels, a.count);
  return { ids, lengths, labels, count: a.count + b.count, seqLength: a.seqLength };
}

/** A reviews CSV encoded with an existing vocabulary (unknown words dropped, as in training). */
export function encodeCsv(path: string, vocab: Vocab, seqLength: number): EngineData {
  const csv = readReviewsCsv(path);
  const rows = csv.reviews.map((t) => encodeTokens(tokenize(t).map((x) => x.word), vocab).modelIds);
  const padded = padSequences(rows, seqLength);
  const all = Int32Array.from(rows.keys());
  return toEngineData(takeRows(padded, csv.labels, all));
}

export async function loadTrainData(o: TrainDataOptions): Promise<TrainData> {
  const ds: Dataset = await loadDataset({
    dataPath: o.dataPath,
    glovePath: o.glovePath,
    // 0 or absent: the reviews of the data file (the extension's setting `unrolled.reviews` uses 0 for that)
    reviews: o.reviews ? o.reviews : undefined,
    vocabSize: o.vocabSize,
    seqLength: o.seqLength,
    seed: o.seed,
    onProgress: o.onProgress,
    ...(o.stopFlag ? { stopFlag: o.stopFlag } : {}),
  });
  const report = [...ds.report];
  let train = toEngineData(ds.train);
  let test = toEngineData(ds.test);
  let testSource = `the ${ds.test.n}-review test split`;
  if (o.testDataPath !== undefined) {
    // A separate test set: every loaded review trains (the split's two parts, in shuffled order).
    train = concatRows(train, test);
    test = encodeCsv(o.testDataPath, ds.vocab, o.seqLength);
    if (isStopRequested(o.stopFlag)) throw new StopRequested();
    testSource = `${o.testDataPath} (${test.count} reviews)`;
    report.push(`Testing on ${testSource}; all ${train.count} loaded reviews train.`);
  }
  let validation: EngineData | null = null;
  if (o.validation > 0) {
    const nVal = Math.round(train.count * o.validation);
    if (nVal < 1 || nVal >= train.count) throw new Error(`validation fraction ${o.validation} leaves no rows to validate or to train on`);
    validation = sliceRows(train, train.count - nVal, train.count);
    train = sliceRows(train, 0, train.count - nVal);
    report.push(`Validation: the last ${nVal} training reviews (not trained on).`);
  }
  const warnings = [...ds.warnings, ...dataWarnings(train, ds.gloveFound, ds.vocab.size - 1, o.glovePath)];
  return {
    train, validation, test, testSource, vocab: ds.vocab, embeddings: ds.embeddings,
    embeddingDim: ds.embeddingDim, gloveFound: ds.gloveFound, report, warnings,
  };
}

/** Warnings about data a run can learn nothing (useful) from. */
export function dataWarnings(train: EngineData, gloveFound: number, words: number, glovePath?: string): string[] {
  const out: string[] = [];
  if (gloveFound === 0 && words > 0) {
    out.push(
      `none of the ${words.toLocaleString('en-US')} vocabulary words has a vector in ${glovePath ?? 'the GloVe vectors'} (0 % coverage): ` +
        'every word starts as zeros, so the model begins knowing nothing about word meanings. Is it the right file, ' +
        'e.g. glove.6B.50d.txt, in English and with one "word v1 v2 …" per line?',
    );
  }
  let pos = 0;
  for (let i = 0; i < train.count; i++) pos += train.labels[i] === 1 ? 1 : 0;
  if (train.count > 0 && (pos === 0 || pos === train.count)) {
    const only = pos === 0 ? 'negative' : 'positive';
    out.push(
      `all ${train.count.toLocaleString('en-US')} training reviews are ${only}: the model can only learn to answer "${only}", ` +
        `and a high test accuracy means nothing if the test reviews are ${only} too. Use a CSV with both positive and negative reviews.`,
    );
  }
  return out;
}
