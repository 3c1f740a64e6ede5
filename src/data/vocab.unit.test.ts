import { strict as assert } from 'node:assert';
import { buildVocab, encodeTokens, knownIds, PAD, vocabFromWords } from './vocab';

describe('data/vocab: top-N words, <PAD> = 0, unknown words dropped', () => {
  it('orders by count, breaks ties by first occurrence (like the notebook sorted(Counter)), and caps at N', () => {
    const docs = [['b', 'a', 'c', 'a'], ['d', 'c', 'e', 'b'], ['a']];
    // counts: a 3, b 2, c 2, d 1, e 1 — b appears before c, d before e
    const v = buildVocab(docs, 4);
    assert.deepEqual(v.words, [PAD, 'a', 'b', 'c', 'd']);
    assert.equal(v.size, 5);
    assert.equal(v.index.get('a'), 1);
    assert.equal(v.index.get('e'), undefined);
    assert.deepEqual(buildVocab(docs, 100).words, [PAD, 'a', 'b', 'c', 'd', 'e']);
    // reversing the first occurrences swaps the tie order
    assert.deepEqual(buildVocab([['c', 'b'], ['b', 'c']], 2).words, [PAD, 'c', 'b']);
  });

  it('rejects a vocabulary size that is not a positive integer', () => {
    assert.throws(() => buildVocab([['a']], 0), { message: 'vocabulary size must be a positive integer, got 0.' });
  });

  it('rebuilds from a word list and checks <PAD> first, non-empty words and no repeats', () => {
    const v = vocabFromWords([PAD, 'x', 'y']);
    assert.equal(v.index.get('y'), 2);
    assert.throws(() => vocabFromWords(['x', PAD], 'model.json vocab'), { message: 'model.json vocab: word 0 must be "<PAD>", found "x".' });
    assert.throws(() => vocabFromWords([PAD, 'x', 'x']), { message: 'vocabulary: word "x" appears twice (ids 1 and 2).' });
    assert.throws(() => vocabFromWords([PAD, '']), { message: 'vocabulary: word 1 is not a non-empty string.' });
  });

  it('encodes known words, marks unknown ones (id 0) and leaves them out of the model input', () => {
    const v = vocabFromWords([PAD, 'good', 'movie']);
    const e = encodeTokens(['a', 'good', 'zzz', 'movie', '<PAD>'], v);
    assert.deepEqual(e.ids, [0, 1, 0, 2, 0]);
    assert.deepEqual(e.unknown, [true, false, true, false, true]);
    assert.deepEqual(e.modelIds, [1, 2]);
    assert.deepEqual(e.positions, [1, 3]);
    assert.deepEqual(knownIds(['a', 'good', 'zzz', 'movie', '<PAD>'], v), e.modelIds);
  });
});
