/**
 * Loads GloVe vectors from a text file ("word v1 v2 … vD" per line, e.g. glove.6B.50d.txt) for the words
 * of a vocabulary. The file is STREAMED line by line, so memory is bounded by the vocabulary, not the
 * file: a 1 GB glove.6B.300d.txt loads in a (vocab × D) matrix and one line at a time.
 *
 * - The dimension is read from the first line (a word2vec-style "count dim" header line is accepted).
 * - Every line's value count is checked; the values of lines whose word is in the vocabulary are parsed
 *   and must be finite numbers (the notebook likewise only converts the lines it uses). Malformed lines
 *   are counted, the first `maxReported` are kept with their line numbers, and they are otherwise ignored.
 * - Rows of words without a vector stay zero (as in the notebook); row 0 is `<PAD>`, always zero.
 * - If a word occurs twice, the first vector is kept and the repeat counted.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { DataError, fmt } from './errors';
import { boundedLines } from './lines';
import { megabytes } from './csv-stream';
import type { SkippedRow } from './reviews-csv';
import type { Vocab } from './vocab';

/** An embedding matrix for a vocabulary: row-major [vocab.size][dim]. */
export interface Embeddings {
  dim: number;
  rows: number;
  matrix: Float32Array;
  /** found[id] = 1 when the word had a vector. */
  foundMask: Uint8Array;
  /** Number of vocabulary words (ids ≥ 1) that had a vector. */
  found: number;
  /** "Found embeddings for 4,897 / 5,000 words." */
  report: string;
}

/** What the text loader adds: the malformed lines it met. */
export interface GloveTextResult extends Embeddings {
  linesRead: number;
  /** The first malformed lines (up to `maxReported`), with line numbers. */
  malformed: SkippedRow[];
  /** All malformed lines, counted. */
  malformedCount: number;
  duplicates: number;
  /** Things the user should know (e.g. the first line is the odd one), in plain words. */
  warnings: string[];
}

export interface GloveTextOptions {
  /** Keep at most this many malformed-line reports (all are counted). Default 20. */
  maxReported?: number;
  /** Called every `progressEvery` lines with the number of lines read so far. */
  onProgress?: (lines: number) => void;
  progressEvery?: number;
  /** Longest line accepted (default 16 MiB; a 300-d GloVe line is ~3 kB). */
  maxLineBytes?: number;
}

/** Longest GloVe line accepted by default. */
export const DEFAULT_MAX_GLOVE_LINE_BYTES = 16 * 1024 * 1024;

/** A decimal number as GloVe files write them ("-0.38", "1e-05"); not "0x10", "", "Infinity" or "1_0". */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The notebook's coverage line. */
export function coverageReport(found: number, vocab: Vocab): string {
  return `Found embeddings for ${fmt(found)} / ${fmt(vocab.size - 1)} words.`;
}

/** Number of space-separated fields of a (trimmed) line, without allocating. */
function countFields(line: string): number {
  let n = 0;
  let inField = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const space = c === 32 || c === 9;
    if (!space && !inField) n++;
    inField = !space;
  }
  return n;
}

/** Throws a DataError if the file is a zip or gzip archive (e.g. glove.6B.zip as downloaded). */
function refuseArchive(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // the stream reports missing or unreadable files
  }
  const head = Buffer.alloc(4);
  try {
    readSync(fd, head, 0, 4, 0);
  } catch {
    return; // e.g. a directory: the stream reports it
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new DataError(`${path} is a zip archive; unzip it and give the .txt file inside (e.g. glove.6B.50d.txt).`);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    throw new DataError(`${path} is gzip-compressed; decompress it (gunzip) and give the .txt file.`);
  }
}

/** Streams a GloVe text file and returns the embedding matrix of `vocab`. Throws DataError if unusable. */
export async function loadGloveText(path: string, vocab: Vocab, options: GloveTextOptions = {}): Promise<GloveTextResult> {
  const maxReported = options.maxReported ?? 20;
  const every = options.progressEvery ?? 10000;
  refuseArchive(path);
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_GLOVE_LINE_BYTES;
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  const openError = new Promise<never>((_, reject) =>
    stream.once('error', (err: NodeJS.ErrnoException) =>
      reject(new DataError(err.code === 'ENOENT' ? `${path}: no such GloVe file.` : `${path}: cannot read it (${err.code ?? err.message}).`)),
    ),
  );
  openError.catch(() => undefined);
  const lines = boundedLines(stream, maxLine, (n) =>
    new DataError(`${path}:${n}: line ${fmt(n)} is longer than ${megabytes(maxLine)} (no line break); this is not a GloVe text file ("word v1 v2 … vD" per line).`));
  /** Lines of each wrong width, to tell when the first line is the odd one. */
  const widths = new Map<number, number>();
  let rightWidth = 0;
  let firstLine = 0;

  let dim = 0;
  let matrix = new Float32Array(0);
  const foundMask = new Uint8Array(vocab.size);
  let found = 0;
  let lineNo = 0;
  let duplicates = 0;
  const malformed: SkippedRow[] = [];
  let malformedCount = 0;
  const bad = (reason: string): void => {
    malformedCount++;
    if (malformed.length < maxReported) malformed.push({ line: lineNo, reason });
  };
  const badWidth = (n: number, reason: string): void => {
    widths.set(n, (widths.get(n) ?? 0) + 1);
    bad(reason);
  };

  const reading = (async () => {
    for await (const raw of lines) {
      lineNo++;
      if (options.onProgress && lineNo % every === 0) options.onProgress(lineNo);
      const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1).trim() : raw.trim();
      if (line.length === 0) continue;
      if (dim === 0) {
        const fields = line.split(/[ \t]+/);
        if (fields.length === 2 && /^\d+$/.test(fields[0] as string) && /^\d+$/.test(fields[1] as string)) {
          dim = Number(fields[1]); // word2vec-style header "400000 50"
          if (dim < 1) throw new DataError(`${path}:${lineNo}: header line "${line}" gives dimension 0.`);
          matrix = new Float32Array(vocab.size * dim);
          continue;
        }
        if (fields.length < 2) throw new DataError(`${path}:${lineNo}: expected a word followed by its vector values, found "${line.slice(0, 40)}".`);
        dim = fields.length - 1;
        firstLine = lineNo;
        matrix = new Float32Array(vocab.size * dim);
      }
      const sp = line.search(/[ \t]/);
      const word = sp < 0 ? line : line.slice(0, sp);
      const id = vocab.index.get(word);
      if (id === undefined || id === 0) {
        const n = countFields(line) - 1;
        if (n !== dim) badWidth(n, `expected ${dim} values after the word, found ${n}`);
        else rightWidth++;
        continue;
      }
      const fields = line.split(/[ \t]+/);
      if (fields.length - 1 !== dim) {
        badWidth(fields.length - 1, `expected ${dim} values after the word "${word}", found ${fields.length - 1}`);
        continue;
      }
      rightWidth++;
      const row = new Float32Array(dim);
      let ok = true;
      for (let k = 0; k < dim; k++) {
        const s = fields[k + 1] as string;
        const v = DECIMAL.test(s) ? Number(s) : NaN;
        row[k] = v;
        if (!Number.isFinite(row[k])) {
          const why = Number.isFinite(v) ? 'is too large for float32 (the largest is about 3.4e38)' : 'is not a finite number';
          bad(`value ${k + 1} of "${word}" ("${s.slice(0, 20)}") ${why}`);
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (foundMask[id]) {
        duplicates++;
        continue;
      }
      matrix.set(row, id * dim);
      foundMask[id] = 1;
      found++;
    }
  })();
  try {
    await Promise.race([reading, openError]);
  } finally {
    await lines.return(undefined);
    stream.destroy();
  }
  if (dim === 0) throw new DataError(`${path} is empty: expected lines "word v1 v2 … vD".`);
  const warnings: string[] = [];
  let common = 0;
  let commonWidth = 0;
  for (const [w, c] of widths) if (c > common) [common, commonWidth] = [c, w];
  if (firstLine > 0 && common > rightWidth) {
    warnings.push(
      `${path}:${firstLine}: the first line has ${dim} values, but ${fmt(common)} other lines have ${commonWidth}: the first line is the odd one ` +
        `(the vector length is taken from it, so the others were counted as wrong). Fix or delete line ${firstLine}.`,
    );
  }
  return {
    dim,
    rows: vocab.size,
    matrix,
    foundMask,
    found,
    report: coverageReport(found, vocab),
    linesRead: lineNo,
    malformed,
    malformedCount,
    duplicates,
    warnings,
  };
}

/** Report lines for malformed GloVe lines ("glove.txt:12: expected 50 values …"). */
export function describeMalformed(path: string, r: Pick<GloveTextResult, 'malformed' | 'malformedCount'>): string[] {
  if (r.malformedCount === 0) return [];
  const out = [`Ignored ${fmt(r.malformedCount)} malformed line${r.malformedCount === 1 ? '' : 's'} of ${path}:`];
  for (const m of r.malformed) out.push(`  ${path}:${m.line}: ${m.reason}`);
  if (r.malformedCount > r.malformed.length) out.push(`  … and ${fmt(r.malformedCount - r.malformed.length)} more`);
  return out;
}
