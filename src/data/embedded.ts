/**
 * The data that ships with Unrolled under `data/` (derived by `npm run data`, see data/README.md):
 * the default training CSV, the held-out CSV, and GloVe 6B 100d vectors for the most frequent words
 * of the IMDB corpus as float16 (`glove-100d.f16.bin`, little-endian, row i = word i of
 * `glove-100d.words.txt`). Found at run time both from the sources (src/data → ../../data) and from
 * the bundles (dist → ../data).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataError } from './errors';
import { decodeHalves } from './float16';
import { coverageReport, type Embeddings } from './glove';
import type { Vocab } from './vocab';

/** File names inside the data folder. */
export const DATA_FILES = {
  train: 'imdb_subset.csv',
  heldout: 'imdb_heldout.csv',
  gloveWords: 'glove-100d.words.txt',
  gloveVectors: 'glove-100d.f16.bin',
  corpus: 'imdb-corpus.bin',
} as const;
/** Dimension of the embedded vectors. */
export const EMBEDDED_DIM = 100;

/** The data folder: `explicit` if given, else the first of ../data and ../../data from this module. */
export function findDataDir(explicit?: string): string {
  if (explicit !== undefined) {
    if (!existsSync(path.join(explicit, DATA_FILES.train))) throw new DataError(`${explicit}: not a data folder (no ${DATA_FILES.train} in it).`);
    return explicit;
  }
  const candidates = [path.resolve(__dirname, '..', 'data'), path.resolve(__dirname, '..', '..', 'data')];
  for (const dir of candidates) if (existsSync(path.join(dir, DATA_FILES.train))) return dir;
  throw new DataError(`The embedded data folder is missing (looked in ${candidates.join(' and ')}); run "npm run data" in the Unrolled folder.`);
}

/** Path of one embedded file. */
export function dataFile(name: keyof typeof DATA_FILES, dataDir?: string): string {
  return path.join(findDataDir(dataDir), DATA_FILES[name]);
}

/** The words that have embedded vectors, in row order. */
export function readEmbeddedWords(dataDir?: string): string[] {
  const file = dataFile('gloveWords', dataDir);
  const text = readFileSync(file, 'utf8');
  const words = text.split('\n');
  if (words[words.length - 1] === '') words.pop();
  return words;
}

/** The embedding matrix of `vocab` from the embedded GloVe 100d vectors (zero rows for words without one). */
export function loadDefaultEmbeddings(vocab: Vocab, dataDir?: string): Embeddings {
  const words = readEmbeddedWords(dataDir);
  const binFile = dataFile('gloveVectors', dataDir);
  const buf = readFileSync(binFile);
  const dim = EMBEDDED_DIM;
  if (buf.byteLength !== words.length * dim * 2) {
    throw new DataError(`${binFile}: expected ${words.length} × ${dim} float16 values (${words.length * dim * 2} bytes) for the words of ${DATA_FILES.gloveWords}, found ${buf.byteLength} bytes; run "npm run data" again.`);
  }
  const aligned = buf.byteOffset % 2 === 0 ? buf : Buffer.from(buf);
  const halves = new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
  const matrix = new Float32Array(vocab.size * dim);
  const foundMask = new Uint8Array(vocab.size);
  let found = 0;
  words.forEach((w, row) => {
    const id = vocab.index.get(w);
    if (id === undefined || id === 0) return;
    decodeHalves(halves.subarray(row * dim, (row + 1) * dim), matrix, id * dim);
    foundMask[id] = 1;
    found++;
  });
  return { dim, rows: vocab.size, matrix, foundMask, found, report: coverageReport(found, vocab) };
}
