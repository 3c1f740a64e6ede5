import { strict as assert } from 'node:assert';
import { Prng } from '../shared/prng';
import { mulberry32, padSequences, permutation, splitIndices, takeRows } from './sequences';

describe('data/sequences: padding, seeded shuffle, split', () => {
  it('post-pads short rows with 0, truncates long ones, and keeps the real lengths', () => {
    const p = padSequences([[5, 6], [1, 2, 3, 4, 5], []], 4);
    assert.equal(p.n, 3);
    assert.deepEqual(Array.from(p.ids), [5, 6, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(p.lengths), [2, 4, 0]);
  });

  it('rejects a sequence length that is not a positive integer', () => {
    assert.throws(() => padSequences([[1]], 0), { message: 'sequence length must be a positive integer, got 0.' });
    assert.throws(() => padSequences([[1]], 2.5), { message: 'sequence length must be a positive integer, got 2.5.' });
  });

  it('mulberry32 is the same generator as the engine Prng, reproducible, and uniform in [0, 1)', () => {
    const a = mulberry32(1234);
    const b = mulberry32(1234);
    const ref = new Prng(1234);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = a();
      assert.equal(x, b());
      assert.equal(x, ref.next());
      assert.ok(x >= 0 && x < 1);
      sum += x;
    }
    assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01, `mean ${sum / 20000}`);
    assert.notEqual(mulberry32(1)(), mulberry32(2)());
  });

  it('permutation is a seeded permutation of 0..n-1 (the derived data/ depends on this exact stream)', () => {
    const p = permutation(1000, 7);
    assert.deepEqual(Array.from(p).sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
    assert.deepEqual(Array.from(permutation(1000, 7)), Array.from(p));
    assert.notDeepEqual(Array.from(permutation(1000, 8)), Array.from(p));
    // Fisher–Yates from the top: the last slot is chosen by the first draw
    assert.equal(permutation(10, 2011)[9], Math.floor(mulberry32(2011)() * 10));
    // every position is moved with roughly uniform probability: position 0 holds each value ~1/10 of the time
    const hits = new Array(10).fill(0);
    for (let s = 0; s < 5000; s++) hits[permutation(10, s)[0]!]++;
    for (const h of hits) assert.ok(h > 400 && h < 600, `hits ${hits.join(',')}`);
  });

  it('splits floor(0.8 n) / rest, disjoint and covering every row', () => {
    const { train, test } = splitIndices(2001, 1234);
    assert.equal(train.length, 1600);
    assert.equal(test.length, 401);
    const all = new Set([...train, ...test]);
    assert.equal(all.size, 2001);
    const custom = splitIndices(10, 1, 0.5);
    assert.equal(custom.train.length, 5);
    assert.throws(() => splitIndices(10, 1, 1), { message: 'train fraction must be between 0 and 1, got 1.' });
  });

  it('takeRows gathers ids, lengths and labels of the chosen rows and remembers their source', () => {
    const p = padSequences([[1], [2, 2], [3, 3, 3]], 3);
    const r = takeRows(p, [0, 1, 0], Int32Array.from([2, 0]));
    assert.deepEqual(Array.from(r.ids), [3, 3, 3, 1, 0, 0]);
    assert.deepEqual(Array.from(r.lengths), [3, 1]);
    assert.deepEqual(Array.from(r.labels), [0, 0]);
    assert.deepEqual(Array.from(r.source), [2, 0]);
  });
});
