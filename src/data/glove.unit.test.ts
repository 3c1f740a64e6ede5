import { strict as assert } from 'node:assert';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describeMalformed, loadGloveText } from './glove';
import { PAD, vocabFromWords } from './vocab';

describe('data/glove: streaming GloVe text loader', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'unrolled-glove-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('reads the dimension from the first line, fills rows by vocabulary id, leaves <PAD> and missing words zero', async () => {
    const f = write('tiny.txt', 'the 0.1 0.2 0.3\nmovie -1 2.5e-1 3\nother 9 9 9\n');
    const vocab = vocabFromWords([PAD, 'movie', 'the', 'absent']);
    const g = await loadGloveText(f, vocab);
    assert.equal(g.dim, 3);
    assert.equal(g.rows, 4);
    assert.deepEqual(Array.from(g.matrix), [0, 0, 0, -1, 0.25, 3, 0.1, 0.2, 0.3, 0, 0, 0].map(Math.fround));
    assert.deepEqual(Array.from(g.foundMask), [0, 1, 1, 0]);
    assert.equal(g.found, 2);
    assert.equal(g.report, 'Found embeddings for 2 / 3 words.');
    assert.equal(g.linesRead, 3);
    assert.equal(g.malformedCount, 0);
  });

  it('reports coverage like the notebook, with thousands separators', async () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${i}`);
    const lines = words.slice(0, 4897).map((w, i) => `${w} ${i} ${-i}`);
    const g = await loadGloveText(write('cov.txt', lines.join('\n')), vocabFromWords([PAD, ...words]));
    assert.equal(g.report, 'Found embeddings for 4,897 / 5,000 words.');
    assert.equal(g.matrix[4897 * 2], 4896); // word 4896 has id 4897
  });

  it('accepts 50d and 100d files, CRLF line ends, a BOM, trailing spaces and blank lines', async () => {
    for (const dim of [50, 100]) {
      const vec = (k: number) => Array.from({ length: dim }, (_, i) => (k + i / 100).toFixed(5)).join(' ');
      const f = write(`g${dim}.txt`, `\ufeffgood ${vec(1)} \r\n\r\nbad ${vec(2)}\r\n`);
      const g = await loadGloveText(f, vocabFromWords([PAD, 'good', 'bad']));
      assert.equal(g.dim, dim);
      assert.equal(g.found, 2);
      assert.equal(g.matrix[dim], 1);
      assert.equal(g.matrix[2 * dim + dim - 1], Math.fround(2 + (dim - 1) / 100));
      assert.equal(g.malformedCount, 0);
    }
  });

  it('accepts a word2vec-style "count dim" header line', async () => {
    const g = await loadGloveText(write('w2v.txt', '2 2\na 1 2\nb 3 4\n'), vocabFromWords([PAD, 'b']));
    assert.equal(g.dim, 2);
    assert.deepEqual(Array.from(g.matrix), [0, 0, 3, 4]);
  });

  it('reports malformed lines with line numbers (wrong count, non-numbers, non-finite), keeps N and counts all', async () => {
    const text = [
      'a 1 2 3', // 1: dim 3
      'b 1 2', // 2: too few (vocab word)
      'zz 1 2 3 4', // 3: too many (not in vocab: counted too)
      'c 1 two 3', // 4: not a number
      'd 1 inf 3', // 5: not finite
      'e 1e999 0 0', // 6: overflows
      'f NaN 0 0', // 7
      'g 1 2 3', // 8: fine
      'h', // 9: no values
    ].join('\n');
    const vocab = vocabFromWords([PAD, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    const g = await loadGloveText(write('bad.txt', text), vocab, { maxReported: 4 });
    assert.equal(g.malformedCount, 7);
    assert.deepEqual(g.malformed, [
      { line: 2, reason: 'expected 3 values after the word "b", found 2' },
      { line: 3, reason: 'expected 3 values after the word, found 4' },
      { line: 4, reason: 'value 2 of "c" ("two") is not a finite number' },
      { line: 5, reason: 'value 2 of "d" ("inf") is not a finite number' },
    ]);
    assert.equal(g.found, 2); // a and g
    assert.deepEqual(Array.from(g.foundMask), [0, 1, 0, 0, 0, 0, 0, 1, 0]);
    assert.deepEqual(describeMalformed('bad.txt', g), [
      'Ignored 7 malformed lines of bad.txt:',
      'bad.txt:2: expected 3 values after the word "b", found 2',
      'bad.txt:3: expected 3 values after the word, found 4',
      'bad.txt:4: value 2 of "c" ("two") is not a finite number',
      'bad.txt:5: value 2 of "d" ("inf") is not a finite number',
      '  … and 3 more',
    ].map((l, i) => (i > 0 && i < 5 ? `  ${l}` : l)));
  });

  it('keeps the first vector of a repeated word and counts the repeat', async () => {
    const g = await loadGloveText(write('dup.txt', 'a 1\na 2\n'), vocabFromWords([PAD, 'a']));
    assert.equal(g.matrix[1], 1);
    assert.equal(g.duplicates, 1);
    assert.equal(g.found, 1);
  });

  it('throws clear errors for a missing file, an archive, a folder, an empty file and a first line without values', async () => {
    const vocab = vocabFromWords([PAD, 'a']);
    const missing = path.join(dir, 'nope.txt');
    await assert.rejects(loadGloveText(missing, vocab), { message: `${missing}: no such GloVe file.` });
    const empty = write('empty.txt', '\n\n');
    await assert.rejects(loadGloveText(empty, vocab), { message: `${empty} is empty: expected lines "word v1 v2 … vD".` });
    const zip = path.join(dir, 'glove.6B.zip');
    writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    await assert.rejects(loadGloveText(zip, vocab), { message: `${zip} is a zip archive; unzip it and give the .txt file inside (e.g. glove.6B.50d.txt).` });
    const gz = path.join(dir, 'glove.txt.gz');
    writeFileSync(gz, Buffer.from([0x1f, 0x8b, 8, 0]));
    await assert.rejects(loadGloveText(gz, vocab), { message: `${gz} is gzip-compressed; decompress it (gunzip) and give the .txt file.` });
    await assert.rejects(loadGloveText(dir, vocab), { message: `${dir}: cannot read it (EISDIR).` });
    const novals = write('novals.txt', 'lonely\nb 1 2\n');
    await assert.rejects(loadGloveText(novals, vocab), { message: `${novals}:1: expected a word followed by its vector values, found "lonely".` });
  });

  it('streams a large file (200,000 lines × 50d) with heap growth bounded by the vocabulary, not the file', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const file = path.join(dir, 'large.txt');
    const lines = 200_000;
    const dim = 50;
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(file);
      out.on('error', reject);
      let i = 0;
      const pump = (): void => {
        while (i < lines) {
          const chunk: string[] = [];
          for (let k = 0; k < 2000 && i < lines; k++, i++) {
            const vals = Array.from({ length: dim }, (_, d) => (((i * 31 + d * 7) % 2000) / 1000 - 1).toFixed(4));
            chunk.push(`word${i} ${vals.join(' ')}\n`);
          }
          if (!out.write(chunk.join(''))) return void out.once('drain', pump);
        }
        out.end(resolve);
      };
      pump();
    });
    const fileBytes = statSync(file).size;
    const vocabWords = Array.from({ length: 5000 }, (_, k) => `word${k * 40}`); // spread over the whole file
    const vocab = vocabFromWords([PAD, ...vocabWords]);
    /** Live JS heap plus ArrayBuffer memory (the matrix and the stream's buffers live there). */
    const used = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    gc();
    const base = used();
    let peak = 0;
    const g = await loadGloveText(file, vocab, {
      progressEvery: 20_000,
      onProgress: () => {
        gc();
        peak = Math.max(peak, used() - base);
      },
    });
    assert.equal(g.linesRead, lines);
    assert.equal(g.found, 5000);
    assert.equal(g.malformedCount, 0);
    const k = 123; // word4920 = line 4921: value d = ((4920·31 + 7d) mod 2000)/1000 − 1
    assert.equal(g.matrix[(k + 1) * dim + 3], Math.fround(((4920 * 31 + 21) % 2000) / 1000 - 1));
    const bound = 8 * 1024 * 1024; // the matrix is 1 MB; allow 8 MB for the reader's buffers
    console.log(`      (retained heap + buffer growth ${(peak / 1048576).toFixed(2)} MB, file ${(fileBytes / 1048576).toFixed(0)} MB)`);
    assert.ok(fileBytes > 8 * bound, `the file (${fileBytes} bytes) must dwarf the bound`);
    assert.ok(peak < bound, `retained heap grew by ${(peak / 1048576).toFixed(1)} MB while reading a ${(fileBytes / 1048576).toFixed(0)} MB file`);
  });
});
