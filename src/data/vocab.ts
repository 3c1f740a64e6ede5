/**
 * The notebook's vocabulary: the `maxWords` most frequent words, id 0 = `<PAD>`, ids 1.. by falling count.
 * Ties are broken by first occurrence in the corpus, which is exactly what the notebook's
 * `sorted(Counter(...), key=count, reverse=True)` does (Counter keeps insertion order, the sort is stable).
 *
 * Unknown words (not in the vocabulary) are DROPPED from the sequence the model reads, in training and
 * in prediction alike (see data/README.md for why); `encodeTokens` still reports every token, with id 0
 * and `unknown: true` for the dropped ones, so a prediction display can show them.
 */
import { DataError } from './errors';

/** The padding word, id 0 (its embedding row is zero and receives no gradient). */
export const PAD = '<PAD>';
/** Default vocabulary size (words, not counting `<PAD>`), as in the notebook. */
export const DEFAULT_VOCAB_SIZE = 5000;

/** A vocabulary: `words[id]` and its inverse. `words[0]` is `<PAD>`; `size` = words.length (= 5001). */
export interface Vocab {
  readonly words: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly size: number;
}

/** Builds the top-`maxWords` vocabulary of tokenised documents (ties: first occurrence first). */
export function buildVocab(docs: Iterable<readonly string[]>, maxWords = DEFAULT_VOCAB_SIZE): Vocab {
  if (!Number.isInteger(maxWords) || maxWords < 1) throw new DataError(`vocabulary size must be a positive integer, got ${maxWords}.`);
  const counts = new Map<string, number>();
  for (const doc of docs) {
    for (let i = 0; i < doc.length; i++) {
      const w = doc[i] as string;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const entries = [...counts]; // insertion order = first occurrence
  entries.sort((a, b) => b[1] - a[1]); // stable: equal counts keep first-occurrence order
  return vocabFromWords([PAD, ...entries.slice(0, maxWords).map((e) => e[0])]);
}

/** A vocabulary from its word list by id (e.g. a checkpoint's `vocab`). Checks `<PAD>` first and no repeats. */
export function vocabFromWords(words: readonly string[], source = 'vocabulary'): Vocab {
  if (words[0] !== PAD) throw new DataError(`${source}: word 0 must be "${PAD}", found "${String(words[0])}".`);
  const index = new Map<string, number>();
  words.forEach((w, i) => {
    if (typeof w !== 'string' || w.length === 0) throw new DataError(`${source}: word ${i} is not a non-empty string.`);
    if (index.has(w)) throw new DataError(`${source}: word "${w}" appears twice (ids ${index.get(w)} and ${i}).`);
    index.set(w, i);
  });
  return { words: [...words], index, size: words.length };
}

/** A token list as the model sees it. */
export interface Encoded {
  /** Per input token: its id, 0 when unknown. */
  ids: number[];
  /** Per input token: true when it is not in the vocabulary (and so dropped). */
  unknown: boolean[];
  /** The ids the model reads: the known tokens only, in order. */
  modelIds: number[];
  /** For each entry of `modelIds`, the index of its token in the input list. */
  positions: number[];
}

/** Looks every token up; unknown ones get id 0 and are left out of `modelIds`. */
export function encodeTokens(words: readonly string[], vocab: Vocab): Encoded {
  const out: Encoded = { ids: [], unknown: [], modelIds: [], positions: [] };
  words.forEach((w, i) => {
    const id = w === PAD ? undefined : vocab.index.get(w);
    out.ids.push(id ?? 0);
    out.unknown.push(id === undefined);
    if (id !== undefined) {
      out.modelIds.push(id);
      out.positions.push(i);
    }
  });
  return out;
}

/** The ids the model reads for a word list: known words only (the `modelIds` of `encodeTokens`, faster). */
export function knownIds(words: readonly string[], vocab: Vocab): number[] {
  const ids: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const id = vocab.index.get(words[i] as string);
    if (id !== undefined && id !== 0) ids.push(id);
  }
  return ids;
}
