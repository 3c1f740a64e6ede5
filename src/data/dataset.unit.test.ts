import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeReview, loadDataset, loadHeldout } from './dataset';
import { encodeCorpus, type CorpusEntry } from './corpus';
import { DATA_FILES, dataFile } from './embedded';
import { PAD, vocabFromWords } from './vocab';

describe('data/dataset: the whole pipeline', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'unrolled-ds-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the embedded default: 1,600 train / 400 test rows of 100 ids, real lengths, 5,001 words, 100d vectors', async () => {
    const d = await loadDataset();
    assert.equal(d.train.n, 1600);
    assert.equal(d.test.n, 400);
    assert.equal(d.vocab.size, 5001);
    assert.equal(d.embeddingDim, 100);
    assert.equal(d.embeddings.length, 5001 * 100);
    assert.ok(d.gloveFound > 4800 && d.gloveFound <= 5000, `found ${d.gloveFound}`);
    for (const s of [d.train, d.test]) {
      assert.equal(s.ids.length, s.n * 100);
      for (let r = 0; r < s.n; r++) {
        const len = s.lengths[r]!;
        assert.ok(len >= 1 && len <= 100);
        for (let t = 0; t < 100; t++) {
          const id = s.ids[r * 100 + t]!;
          if (t < len) assert.ok(id >= 1 && id < 5001);
          else assert.equal(id, 0);
        }
        assert.equal(s.labels[r], d.labels[s.source[r]!]);
      }
    }
    const sources = new Set([...d.train.source, ...d.test.source]);
    assert.equal(sources.size, 2000);
    assert.deepEqual(d.report, [
      `Loaded 2,000 reviews (1,000 positive, 1,000 negative) from ${dataFile('train')}.`,
      'Vocabulary size: 5,001',
      d.report[2], // truncation count depends on the data
      'Split (seed 1234): 1,600 train, 400 test.',
      `Found embeddings for ${d.gloveFound.toLocaleString('en-US')} / 5,000 words.`,
    ]);
    assert.match(d.report[2]!, /^X shape: \[2,000, 100\] \(post-padded; [\d,]+ reviews truncated\)$/);
    // the same seed gives the same split, another seed another one
    const again = await loadDataset({ seed: 1234 });
    assert.deepEqual(Array.from(again.train.source), Array.from(d.train.source));
    const other = await loadDataset({ seed: 99, vocabSize: 100, seqLength: 20 });
    assert.notDeepEqual(Array.from(other.train.source), Array.from(d.train.source));
    assert.equal(other.vocab.size, 101);
    assert.equal(other.train.ids.length, 1600 * 20);
  });

  it('runs a user CSV and GloVe file through every step with exact ids, dropping unknown words', async () => {
    const csv = path.join(dir, 'mine.csv');
    writeFileSync(csv, [
      'review,sentiment',
      '"Good good film, good!",positive', // 2
      'bad film bad,negative', // 3
      'what?,maybe', // 4: skipped
      'good,positive', // 5
      'bad,negative', // 6
      'film rare,positive', // 7
    ].join('\n'));
    const glove = path.join(dir, 'g.txt');
    writeFileSync(glove, 'good 1 0\nbad -1 0\nbroken 1\n');
    const d = await loadDataset({ dataPath: csv, glovePath: glove, vocabSize: 3, seqLength: 3, seed: 3, trainFraction: 0.6 });
    // counts: good 4, film 3, bad 3 (film first), rare 1 → vocab [PAD, good, film, bad]
    assert.deepEqual(d.vocab.words, [PAD, 'good', 'film', 'bad']);
    assert.deepEqual(d.texts, ['Good good film, good!', 'bad film bad', 'good', 'bad', 'film rare']);
    assert.deepEqual(d.skipped, [{ line: 4, reason: 'sentiment "maybe" is neither positive nor negative' }]);
    assert.equal(d.embeddingDim, 2);
    assert.deepEqual(Array.from(d.embeddings), [0, 0, 1, 0, 0, 0, -1, 0]);
    assert.equal(d.gloveFound, 2);
    assert.equal(d.train.n, 3);
    assert.equal(d.test.n, 2);
    const rows = new Map<number, [number[], number]>();
    for (const s of [d.train, d.test]) {
      for (let r = 0; r < s.n; r++) rows.set(s.source[r]!, [Array.from(s.ids.subarray(r * 3, r * 3 + 3)), s.lengths[r]!]);
    }
    assert.deepEqual(rows.get(0), [[1, 1, 2], 3]); // truncated from 4 known words
    assert.deepEqual(rows.get(1), [[3, 2, 3], 3]);
    assert.deepEqual(rows.get(4), [[2, 0, 0], 1]); // "rare" is unknown: dropped
    assert.ok(d.report.includes('Skipped 1 unusable row of ' + csv + ':'));
    assert.ok(d.report.includes(`Ignored 1 malformed line of ${glove}:`));
    assert.ok(d.report.includes('Found embeddings for 2 / 3 words.'));
  });

  it('reads N balanced reviews from the shipped corpus, leaving out held-out texts and duplicates', async () => {
    // a data folder like data/, with a small corpus of 12 + 12 reviews, two held-out texts and a duplicate
    const dataDir = path.join(dir, 'data-small');
    mkdirSync(dataDir, { recursive: true });
    for (const k of Object.keys(DATA_FILES) as (keyof typeof DATA_FILES)[]) if (k !== 'corpus') symlinkSync(dataFile(k), path.join(dataDir, DATA_FILES[k]));
    const entries: CorpusEntry[] = [
      ...Array.from({ length: 12 }, (_, i) => ({ tokens: ['awful', 'boring', 'film', `n${'x'.repeat(i)}`], label: 0 as const })),
      ...Array.from({ length: 12 }, (_, i) => ({ tokens: ['great', 'lovely', 'film', `n${'y'.repeat(i)}`], label: 1 as const })),
      { tokens: [], label: 1 }, { tokens: [], label: 0 }, { tokens: [], label: 1 },
    ];
    const first = Int32Array.from([...Array.from({ length: 24 }, (_, i) => i), -1, -1, 12]);
    writeFileSync(path.join(dataDir, DATA_FILES.corpus), encodeCorpus(entries, first, 'test-corpus@1'));
    const d = await loadDataset({ reviews: 20, dataDir, vocabSize: 50, seqLength: 8 });
    assert.equal(d.texts.length, 20);
    assert.equal(d.labels.filter((l) => l === 1).length, 10);
    assert.equal(new Set(d.texts).size, 20);
    assert.equal(d.train.n, 16);
    assert.equal(d.report[1], 'Loaded 20 reviews (10 positive, 10 negative) from the shipped IMDB corpus (test-corpus@1).');
    await assert.rejects(loadDataset({ reviews: 26, dataDir }), { message: 'asked for 26 reviews but the shipped corpus has 24 balanced reviews outside the held-out set.' });
    await assert.rejects(loadDataset({ reviews: 20, dataPath: 'x.csv' }), { message: 'give either a reviews CSV or a number of reviews of the shipped IMDB corpus, not both.' });
  });

  it('leaves out (and reports) reviews with no word in a small vocabulary', async () => {
    const csv = path.join(dir, 'rare.csv');
    writeFileSync(csv, 'review,sentiment\ngood good,positive\nbad bad,negative\nzebra,positive\ngood bad,negative\n');
    const glove = path.join(dir, 'g2.txt');
    writeFileSync(glove, 'good 1\n');
    const d = await loadDataset({ dataPath: csv, glovePath: glove, vocabSize: 2, seqLength: 2, trainFraction: 0.5 });
    assert.deepEqual(d.texts, ['good good', 'bad bad', 'good bad']);
    assert.deepEqual(d.labels, [1, 0, 0]);
    assert.equal(d.train.n + d.test.n, 3);
    assert.ok(d.report.includes('Left out 1 review with no word in the vocabulary (line 4).'), d.report.join('\n'));
    const one = path.join(dir, 'one.csv');
    writeFileSync(one, 'review,sentiment\ngood good,positive\nzebra,positive\nyak,negative\n');
    await assert.rejects(loadDataset({ dataPath: one, glovePath: glove, vocabSize: 1 }), { message: `${one}: fewer than 2 reviews have a word in the 1-word vocabulary.` });
  });

  it('names a missing CSV and passes on CSV errors', async () => {
    const missing = path.join(dir, 'none.csv');
    await assert.rejects(loadDataset({ dataPath: missing }), { message: `${missing}: no such file.` });
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await assert.rejects(loadDataset({ dataPath: empty }), { name: 'DataError' });
  });

  it('encodes the held-out set with a given vocabulary', () => {
    const vocab = vocabFromWords([PAD, 'the', 'a', 'movie']);
    const h = loadHeldout(vocab, 10);
    assert.equal(h.n, 2000);
    assert.equal(h.texts.length, 2000);
    assert.equal(h.labels.reduce((a, b) => a + b, 0), 1000);
    assert.ok(Array.from(h.ids).every((id) => id >= 0 && id <= 3));
  });

  it('encodes one review for prediction with offsets, unknown words and the model input', () => {
    const vocab = vocabFromWords([PAD, 'this', 'movie', 'was', 'great']);
    const text = "This movie's plot was GREAT, zorblax!";
    const e = encodeReview(text, vocab, 4);
    assert.deepEqual(e.tokens.map((t) => t.word), ['this', 'movies', 'plot', 'was', 'great', 'zorblax']);
    assert.deepEqual(e.ids, [1, 0, 0, 3, 4, 0]);
    assert.deepEqual(e.unknown, [false, true, true, false, false, true]);
    assert.deepEqual(Array.from(e.input), [1, 3, 4, 0]);
    assert.equal(e.length, 3);
    assert.deepEqual(e.positions, [0, 3, 4]);
    assert.equal(text.slice(e.tokens[1]!.start, e.tokens[1]!.end), "movie's");
    const long = encodeReview('this this this this this this', vocab, 4);
    assert.equal(long.length, 4);
    assert.deepEqual(long.positions, [0, 1, 2, 3]);
    const none = encodeReview('zzz', vocab, 4);
    assert.equal(none.length, 0);
    assert.deepEqual(Array.from(none.input), [0, 0, 0, 0]);
  });
});
