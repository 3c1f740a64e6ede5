import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataError } from './errors';
import { describeSkipped, parseLabel, parseReviewsCsv, readReviewsCsv } from './reviews-csv';

const F = 'reviews.csv';

describe('data/reviews-csv: the notebook format', () => {
  it('reads the header, reviews and labels (1 = positive, 0 = negative)', () => {
    const r = parseReviewsCsv('review,sentiment\nGreat film,positive\nDull,negative\n', F);
    assert.deepEqual(r, { reviews: ['Great film', 'Dull'], labels: [1, 0], lines: [2, 3], skipped: [] });
  });

  it('tolerates header case and spaces, column order, extra columns, and labels in any case with spaces', () => {
    const r = parseReviewsCsv(' Sentiment , REVIEW ,id\n  POSITIVE ,Good,1\nNegative,Bad,2\n', F);
    assert.deepEqual(r.reviews, ['Good', 'Bad']);
    assert.deepEqual(r.labels, [1, 0]);
    assert.equal(parseLabel(' PoSiTiVe\t'), 1);
    assert.equal(parseLabel('neg'), null);
  });

  it('handles quoted fields with commas, doubled quotes and newlines, and gives each row its first line', () => {
    const text = 'review,sentiment\n"Long, slow, ""artsy""\nsecond line\nthird",negative\nnext,positive\n';
    const r = parseReviewsCsv(text, F);
    assert.deepEqual(r.reviews, ['Long, slow, "artsy"\nsecond line\nthird', 'next']);
    assert.deepEqual(r.lines, [2, 5]);
  });

  it('handles CRLF line ends (also inside quoted fields) and a UTF-8 BOM, with the same line numbers', () => {
    const text = '\ufeffreview,sentiment\r\n"a\r\nb",positive\r\n\r\nc,negative\r\noops\r\n';
    const r = parseReviewsCsv(text, F);
    assert.deepEqual(r.reviews, ['a\nb', 'c']);
    assert.deepEqual(r.lines, [2, 5]);
    assert.deepEqual(r.skipped, [{ line: 6, reason: 'expected 2 fields (review, sentiment), found 1' }]);
  });

  it('keeps <br /> in the review text (the tokeniser reads it as whitespace)', () => {
    const r = parseReviewsCsv('review,sentiment\n"One.<br /><br />Two",positive\n', F);
    assert.equal(r.reviews[0], 'One.<br /><br />Two');
  });

  it('skips and reports every unusable row with its line and reason, and keeps the rest', () => {
    const text = [
      'review,sentiment',
      'fine,positive', // 2
      'no label here', // 3
      'meh,neutral', // 4
      'blank label,', // 5
      ',negative', // 6
      '"   ",positive', // 7
      '"12345 !!!",negative', // 8
      '"bad"x,negative', // 9: a quote inside is kept as text (relaxed quotes), like Python's csv
      'also fine,NEGATIVE', // 10
    ].join('\n');
    const r = parseReviewsCsv(text, F);
    assert.deepEqual(r.reviews, ['fine', '"bad"x', 'also fine']);
    assert.deepEqual(r.lines, [2, 9, 10]);
    assert.deepEqual(r.skipped, [
      { line: 3, reason: 'expected 2 fields (review, sentiment), found 1' },
      { line: 4, reason: 'sentiment "neutral" is neither positive nor negative' },
      { line: 5, reason: 'sentiment is empty (expected positive or negative)' },
      { line: 6, reason: 'review is empty' },
      { line: 7, reason: 'review is empty' },
      { line: 8, reason: 'review has no words (no letters a-z)' },
    ]);
    assert.deepEqual(describeSkipped(F, r.skipped, 2), [
      'Skipped 6 unusable rows of reviews.csv:',
      '  line 3: expected 2 fields (review, sentiment), found 1',
      '  line 4: sentiment "neutral" is neither positive nor negative',
      '  … and 4 more',
    ]);
  });

  it('reports a quote that is never closed at the line where it opens', () => {
    const r = parseReviewsCsv('review,sentiment\nok,positive\n\n"never closed,negative\nmore,positive\n', F);
    assert.deepEqual(r.reviews, ['ok']);
    assert.deepEqual(r.skipped, [{ line: 4, reason: 'a quote opened on this line is never closed (the rest of the file is one unfinished field)' }]);
  });

  it('reports a label column that is too short when the sentiment column comes later', () => {
    const r = parseReviewsCsv('id,review,sentiment\n1,good,positive\n2,only two\n', F);
    assert.deepEqual(r.skipped, [{ line: 3, reason: 'expected 3 fields (id, review, sentiment), found 2' }]);
  });

  it('throws clear errors naming the file for files it cannot use at all', () => {
    const cases: Array<[string, string]> = [
      ['', 'reviews.csv is empty: expected a header line "review,sentiment" and then one review per line.'],
      ['\ufeff \r\n\n', 'reviews.csv is empty: expected a header line "review,sentiment" and then one review per line.'],
      ['Great film,positive\nBad,negative\n', 'reviews.csv:1: missing header row: the first row is already a review ("Great film,positive"); add the line "review,sentiment" above it.'],
      ['text,label\nGreat,positive\n', 'reviews.csv:1: the header must name the columns "review" and "sentiment"; found "text,label".'],
      ['a,b\nGreat,1\n', 'reviews.csv:1: the header must name the columns "review" and "sentiment"; found "a,b".'],
      ['review,label\nGreat,positive\n', 'reviews.csv:1: the header has no "sentiment" column (found: review, label).'],
      ['text,sentiment\nGreat,positive\n', 'reviews.csv:1: the header has no "review" column (found: text, sentiment).'],
      ['review,sentiment\n', 'reviews.csv: no reviews after the header line.'],
      ['review,sentiment\nx,maybe\ny,\n', 'reviews.csv: none of its 2 rows is usable (line 2: sentiment "maybe" is neither positive nor negative; line 3: sentiment is empty (expected positive or negative)).'],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseReviewsCsv(text, F), (e: unknown) => e instanceof DataError && e.message === message, `for ${JSON.stringify(text)}`);
    }
  });

  it('reads a file from disk and names a missing file, a folder and a UTF-16 file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'unrolled-csv-'));
    try {
      const file = path.join(dir, 'r.csv');
      writeFileSync(file, 'review,sentiment\n"Ünïcode ok",positive\n');
      assert.deepEqual(readReviewsCsv(file).reviews, ['Ünïcode ok']);
      assert.throws(() => readReviewsCsv(path.join(dir, 'nope.csv')), { message: `${path.join(dir, 'nope.csv')}: no such file.` });
      const utf16 = path.join(dir, 'excel.csv');
      writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('review,sentiment\n', 'utf16le')]));
      assert.throws(() => readReviewsCsv(utf16), { message: `${utf16} is UTF-16 text; save it as UTF-8 (CSV UTF-8) and try again.` });
      assert.throws(() => readReviewsCsv(dir), { message: `${dir}: cannot read it (EISDIR).` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
