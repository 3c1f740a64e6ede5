/**
 * The notebook's `preprocess` (lowercase, delete everything but a-z and whitespace, split on whitespace),
 * keeping where each token came from in the ORIGINAL text so the editor hover can map tokens back.
 *
 * Faithful details:
 * - characters that are neither letters nor whitespace are deleted, not turned into spaces, so they join
 *   their neighbours: "don't" → "dont", "fan-tastic" → "fantastic"; the token's [start, end) then spans
 *   the original characters, apostrophe and hyphen included;
 * - "whitespace" is Python's (`str.isspace`, what `re` `\s` and `str.split()` use), e.g. U+00A0 and
 *   U+001C..U+001F split words, U+FEFF does not;
 * - lowercasing is per character as in Python, so "İ" gives "i" and the Kelvin sign gives "k".
 * One deliberate difference: an HTML line break (`<br />`, `<br/>`, `<br>`, any case) counts as
 * whitespace. The notebook turns "end.<br /><br />Next" into the tokens "endbr", "brnext"; IMDB reviews
 * are full of them, so we read them as the line breaks they are (see data/README.md).
 */

/** One word of a text and where it came from. */
export interface Token {
  /** The word as the notebook's `preprocess` produces it (only a-z). */
  word: string;
  /** Offset (UTF-16 code units) of its first letter in the original text. */
  start: number;
  /** Offset just after its last letter in the original text. */
  end: number;
}

/** Code points Python's `str.isspace()` is true for (all below U+3001). */
const PY_SPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** `<br>`, `<br/>`, `<br />` in any case, matched at a given position. */
const BR = /<br\s*\/?>/iy;

/** Letters a-z that Python's lowercasing of a non-ASCII code point yields (mostly none). */
const nonAsciiCache = new Map<number, string>();
function lettersOf(cp: number): string {
  let s = nonAsciiCache.get(cp);
  if (s === undefined) {
    s = String.fromCodePoint(cp).toLowerCase().replace(/[^a-z]/g, '');
    nonAsciiCache.set(cp, s);
  }
  return s;
}

/** Calls `emit(word, start, end)` for each word of `text`, in order (character by character, for the offsets). */
function scan(text: string, emit: (word: string, start: number, end: number) => void): void {
  let word = '';
  let start = -1;
  let end = -1;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let letters = '';
    let width = 1;
    let space = false;
    if (c < 128) {
      if (c >= 97 && c <= 122) letters = text[i] as string;
      else if (c >= 65 && c <= 90) letters = String.fromCharCode(c + 32);
      else if (PY_SPACE.has(c)) space = true;
      else if (c === 60 /* < */) {
        BR.lastIndex = i;
        if (BR.test(text)) {
          space = true;
          width = BR.lastIndex - i;
        }
      }
    } else {
      const cp = text.codePointAt(i) as number;
      width = cp > 0xffff ? 2 : 1;
      if (PY_SPACE.has(cp)) space = true;
      else letters = lettersOf(cp);
    }
    if (space) {
      if (word.length > 0) emit(word, start, end);
      word = '';
    } else if (letters.length > 0) {
      if (word.length === 0) start = i;
      word += letters;
      end = i + width;
    }
    i += width;
  }
  if (word.length > 0) emit(word, start, end);
}

/** Splits `text` into the notebook's words, each with its [start, end) offsets in `text`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scan(text, (word, start, end) => tokens.push({ word, start, end }));
  return tokens;
}

/** Python's whitespace as a regex class body (the same set as PY_SPACE). */
const WS = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const BR_ALL = /<br\s*\/?>/gi;
const NOT_WORD_OR_SPACE = new RegExp(`[^a-z${WS}]+`, 'g');
const SPACES = new RegExp(`[${WS}]+`);

/**
 * Exactly the notebook's `preprocess(text)`: the words only (with `<br />` read as whitespace). Done with
 * native string operations, as the notebook does, because it needs no offsets; it gives the same words as
 * `tokenize` (lowercasing the whole text or each character yields the same letters a-z).
 */
export function preprocess(text: string): string[] {
  const cleaned = text.replace(BR_ALL, ' ').toLowerCase().replace(NOT_WORD_OR_SPACE, '');
  const words = cleaned.split(SPACES);
  if (words.length > 0 && words[0] === '') words.shift();
  if (words.length > 0 && words[words.length - 1] === '') words.pop();
  return words;
}

/** True when the text has at least one word (a quick test first, tokenising only if it finds no ASCII letter). */
export function hasWord(text: string): boolean {
  const src = text.indexOf('<') < 0 ? text : text.replace(/<br\s*\/?>/gi, ' ');
  return /[A-Za-z]/.test(src) || tokenize(src).length > 0;
}
