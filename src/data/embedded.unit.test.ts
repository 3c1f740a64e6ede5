import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATA_FILES, dataFile, findDataDir, loadDefaultEmbeddings, readEmbeddedWords } from './embedded';
import { readReviewsCsv } from './reviews-csv';
import { PAD, vocabFromWords } from './vocab';

const repoData = path.resolve(__dirname, '..', '..', 'data');

describe('data/embedded: the default data shipped in data/', () => {
  it('finds the data folder next to the sources and checks an explicit one', () => {
    assert.equal(findDataDir(), repoData);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'unrolled-data-'));
    try {
      assert.throws(() => findDataDir(tmp), { message: `${tmp}: not a data folder (no imdb_subset.csv in it).` });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('keeps data/ within 25 MB (the VSIX must stay ≤ 40 MB)', () => {
    const total = readdirSync(repoData).reduce((n, f) => n + statSync(path.join(repoData, f)).size, 0);
    assert.ok(total <= 25 * 1024 * 1024, `data/ holds ${total} bytes`);
  });

  it('ships a balanced 2,000-review training subset and a disjoint balanced 2,000-review held-out set', () => {
    const train = readReviewsCsv(dataFile('train'));
    const held = readReviewsCsv(dataFile('heldout'));
    for (const set of [train, held]) {
      assert.equal(set.reviews.length, 2000);
      assert.equal(set.skipped.length, 0);
      assert.equal(set.labels.filter((l) => l === 1).length, 1000);
      assert.equal(new Set(set.reviews).size, 2000);
    }
    const heldTexts = new Set(held.reviews);
    assert.equal(train.reviews.filter((t) => heldTexts.has(t)).length, 0);
  });

  it('gives the GloVe 6B 100d vector of "the" (within float16 precision), zero rows for <PAD> and unknown words', () => {
    const words = readEmbeddedWords();
    assert.ok(words.length >= 20000 && words.length <= 30000, `${words.length} words`);
    assert.equal(words[0], 'the');
    const vocab = vocabFromWords([PAD, 'movie', 'the', 'qzxqzxq']);
    const e = loadDefaultEmbeddings(vocab);
    assert.equal(e.dim, 100);
    assert.equal(e.found, 2);
    assert.equal(e.report, 'Found embeddings for 2 / 3 words.');
    assert.deepEqual(Array.from(e.foundMask), [0, 1, 1, 0]);
    const the = e.matrix.subarray(2 * 100, 3 * 100);
    [-0.038194, -0.24487, 0.72812].forEach((v, i) => assert.ok(Math.abs(the[i]! - v) < 5e-4, `the[${i}] = ${the[i]}`));
    assert.ok(e.matrix.subarray(0, 100).every((x) => x === 0));
    assert.ok(e.matrix.subarray(300, 400).every((x) => x === 0));
    assert.ok(e.matrix.subarray(100, 200).some((x) => x !== 0));
  });

  it('refuses a vector file whose size does not match the word list', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'unrolled-data-'));
    try {
      writeFileSync(path.join(tmp, DATA_FILES.train), 'review,sentiment\n');
      writeFileSync(path.join(tmp, DATA_FILES.gloveWords), 'a\nb\n');
      writeFileSync(path.join(tmp, DATA_FILES.gloveVectors), Buffer.alloc(300));
      assert.throws(() => loadDefaultEmbeddings(vocabFromWords([PAD, 'a']), tmp), {
        message: `${path.join(tmp, DATA_FILES.gloveVectors)}: expected 2 × 100 float16 values (400 bytes) for the words of glove-100d.words.txt, found 300 bytes; run "npm run data" again.`,
      });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
