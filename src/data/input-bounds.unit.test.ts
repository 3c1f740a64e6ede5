/**
 * Issue 16 cases 4, 6 and 7 at the readers: bounded line length (GloVe and CSV), the reviews CSV streamed
 * in chunks with progress, strict GloVe numbers (0x10, float32 overflow), and a first GloVe line of the
 * wrong width named as the odd one.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MAX_LINE_BYTES } from './csv-stream';
import { DataError } from './errors';
import { loadGloveText } from './glove';
import { parseReviewsCsv, readReviewsCsv } from './reviews-csv';
import { PAD, vocabFromWords } from './vocab';

const dir = mkdtempSync(path.join(os.tmpdir(), 'unrolled-bounds-'));
const write = (name: string, data: string | Buffer): string => {
  const f = path.join(dir, name);
  writeFileSync(f, data);
  return f;
};

describe('data: bounded lines, streamed CSV, strict numbers (issue 16)', function () {
  this.timeout(60_000);

  it('a CSV line longer than the bound is a DataError naming the line, not a RangeError (default 4 MiB, /dev/zero too)', () => {
    const f = write('long.csv', `review,sentiment\nok,positive\n${'a'.repeat(5000)},negative\n`);
    assert.throws(() => readReviewsCsv(f, { maxLineBytes: 4096 }), (e: unknown) =>
      e instanceof DataError && e.message === `${f}:3: line 3 is longer than 4 kB (no line break); this does not look like a reviews CSV.`);
    assert.equal(readReviewsCsv(f).reviews.length, 2, 'under the default bound the same file reads');
    const big = write('big.csv', Buffer.alloc(DEFAULT_MAX_LINE_BYTES + 10, 0x61));
    assert.throws(() => readReviewsCsv(big), /big\.csv:1: line 1 is longer than 4 MB/);
    const t0 = performance.now();
    assert.throws(() => readReviewsCsv('/dev/zero'), /^DataError: \/dev\/zero:1: line 1 is longer than 4 MB \(no line break\)/);
    assert.ok(performance.now() - t0 < 30_000);
  });

  it('streams the CSV in chunks (a chunk boundary inside a CRLF, a quoted field or a UTF-8 character changes nothing)', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `"review ${i} é, ""quoted""\r\nsecond line",${i % 2 ? 'positive' : 'negative'}`);
    const text = `review,sentiment\r\n${rows.join('\r\n')}\r\n`;
    const f = write('many.csv', text);
    const progress: number[] = [];
    const streamed = readReviewsCsv(f, { onProgress: (b) => progress.push(b) });
    const whole = parseReviewsCsv(text, f);
    assert.deepEqual(streamed, whole);
    assert.equal(streamed.reviews.length, 3000);
    assert.equal(streamed.reviews[7], 'review 7 é, "quoted"\nsecond line');
    assert.deepEqual(streamed.lines.slice(0, 3), [2, 4, 6]);
    assert.deepEqual(progress, [], 'no progress line for a small file (one every 16 MB)');
    const rows2 = Array.from({ length: 60_000 }, (_, i) => `"a review of some length, number ${i}",positive`);
    const f2 = write('bigger.csv', `review,sentiment\n${rows2.join('\n')}\n`);
    const seen: Array<[number, number]> = [];
    assert.equal(readReviewsCsv(f2, { onProgress: (b, t) => seen.push([b, t]), progressEveryBytes: 1 << 20 }).reviews.length, 60_000);
    const size = 17 + rows2.join('\n').length + 1;
    assert.deepEqual(seen, Array.from({ length: Math.floor(size / (1 << 20)) }, (_, i) => [(i + 1) << 20, size]));
  });

  it('GloVe: a line longer than the bound is a DataError naming the line', async () => {
    const f = write('long.txt', `the 1 2\n${'x'.repeat(3000)} 1 2\n`);
    const vocab = vocabFromWords([PAD, 'the']);
    await assert.rejects(loadGloveText(f, vocab, { maxLineBytes: 1024 }), (e: unknown) =>
      e instanceof DataError && /long\.txt:2: line 2 is longer than 1 kB \(no line break\); this is not a GloVe text file/.test(e.message));
    assert.equal((await loadGloveText(f, vocab)).found, 1);
  });

  it('GloVe: 0x10, "", 1_0 and Infinity are not numbers; 1e39 overflows float32', async () => {
    const f = write('odd-values.txt', 'the 1 2\nhex 0x10 1\nbig 1e39 1\ninf Infinity 1\nok -1.5e-3 .5\n');
    const g = await loadGloveText(f, vocabFromWords([PAD, 'the', 'hex', 'big', 'inf', 'ok']));
    assert.deepEqual(g.malformed, [
      { line: 2, reason: 'value 1 of "hex" ("0x10") is not a finite number' },
      { line: 3, reason: 'value 1 of "big" ("1e39") is too large for float32 (the largest is about 3.4e38)' },
      { line: 4, reason: 'value 1 of "inf" ("Infinity") is not a finite number' },
    ]);
    assert.equal(g.found, 2);
    assert.deepEqual(Array.from(g.matrix.subarray(10, 12)), [-0.0015, 0.5].map(Math.fround));
  });

  it('GloVe: a first line of the wrong width is named as the odd one', async () => {
    const lines = ['the 1 2', ...Array.from({ length: 50 }, (_, i) => `w${i} 1 2 3`)];
    const f = write('first-odd.txt', lines.join('\n'));
    const g = await loadGloveText(f, vocabFromWords([PAD, 'the', 'w1']));
    assert.equal(g.malformedCount, 50);
    assert.deepEqual(g.warnings, [
      `${f}:1: the first line has 2 values, but 50 other lines have 3: the first line is the odd one (the vector length is taken from it, so the others were counted as wrong). Fix or delete line 1.`,
    ]);
    const fine = await loadGloveText(write('fine.txt', 'the 1 2\nbad 1\nw1 3 4\n'), vocabFromWords([PAD, 'the', 'w1']));
    assert.deepEqual(fine.warnings, [], 'one bad line among good ones is not the first line\'s fault');
  });
});
