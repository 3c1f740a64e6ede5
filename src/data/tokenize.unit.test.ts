import { strict as assert } from 'node:assert';
import { hasWord, preprocess, tokenize } from './tokenize';

/** The notebook's preprocess re-implemented the obvious way (no offsets), for ASCII texts. */
function notebookPreprocess(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z\s]/g, '').split(/\s+/).filter((w) => w.length > 0);
}

describe('data/tokenize: the notebook preprocess with offsets', () => {
  it('lowercases, keeps a-z, splits on whitespace, and maps each token to its original characters', () => {
    const text = 'This Movie  was GREAT!';
    const toks = tokenize(text);
    assert.deepEqual(toks, [
      { word: 'this', start: 0, end: 4 },
      { word: 'movie', start: 5, end: 10 },
      { word: 'was', start: 12, end: 15 },
      { word: 'great', start: 16, end: 21 },
    ]);
    for (const t of toks) assert.equal(text.slice(t.start, t.end).toLowerCase(), t.word);
  });

  it('deletes non-letters inside words like the notebook ("don\'t" → dont, "fan-tastic" → fantastic) and spans the original', () => {
    const text = "I don't think it's fan-tastic, 10/10 r2d2";
    const toks = tokenize(text);
    assert.deepEqual(toks.map((t) => t.word), ['i', 'dont', 'think', 'its', 'fantastic', 'rd']);
    const dont = toks[1]!;
    assert.equal(text.slice(dont.start, dont.end), "don't");
    const fan = toks[4]!;
    assert.equal(text.slice(fan.start, fan.end), 'fan-tastic');
    assert.equal(text.slice(toks[5]!.start, toks[5]!.end), 'r2d'); // the trailing 2 is not part of the span
  });

  it('leaves out tokens made only of digits or punctuation, and starts spans at the first letter', () => {
    const toks = tokenize('"Wow" -- 42 ... (ok)');
    assert.deepEqual(toks, [
      { word: 'wow', start: 1, end: 4 },
      { word: 'ok', start: 17, end: 19 },
    ]);
  });

  it('reads <br />, <br/> and <BR> as whitespace (the notebook would make "endbr" and "brnext")', () => {
    const text = 'The end.<br /><br />Next<br/>one<BR>two';
    assert.deepEqual(preprocess(text), ['the', 'end', 'next', 'one', 'two']);
    const next = tokenize(text)[2]!;
    assert.equal(text.slice(next.start, next.end), 'Next');
    // a lone "<" that is not a line break is just deleted, as in the notebook
    assert.deepEqual(preprocess('a<b c'), ['ab', 'c']);
  });

  it("splits on Python's whitespace (NBSP, U+2003, U+001C, CR/LF/tab) but not on U+FEFF or U+200B", () => {
    assert.deepEqual(preprocess('a\u00a0b\u2003c\u001cd\r\ne\tf'), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual(preprocess('a\ufeffb c\u200bd'), ['ab', 'cd']);
  });

  it('lowercases non-ASCII like Python: accented letters are dropped, İ gives i, the Kelvin sign gives k', () => {
    assert.deepEqual(preprocess('Café naïve Brodský'), ['caf', 'nave', 'brodsk']);
    const text = 'İt \u212Aelvin';
    const toks = tokenize(text);
    assert.deepEqual(toks.map((t) => t.word), ['it', 'kelvin']);
    assert.deepEqual([toks[0]!.start, toks[0]!.end], [0, 2]);
  });

  it('keeps UTF-16 offsets right after characters outside the BMP (emoji count 2 code units)', () => {
    const text = 'so 😀good';
    const toks = tokenize(text);
    assert.deepEqual(toks, [
      { word: 'so', start: 0, end: 2 },
      { word: 'good', start: 5, end: 9 },
    ]);
    assert.equal(text.slice(5, 9), 'good');
  });

  it('gives nothing for an empty or letterless text', () => {
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize(' 123 !?! '), []);
    assert.equal(hasWord(' 123 !?! <br />'), false);
    assert.equal(hasWord('<BR/>É x'), true);
    assert.equal(hasWord('\u212A'), true); // the Kelvin sign lowercases to k
  });

  it('preprocess gives the words of tokenize on random mixed text', () => {
    const alphabet = ['a', 'Z', ' ', '\n', "'", '-', '<br />', '<', '7', 'é', 'İ', '\u00a0', '😀', 'q'];
    let seed = 7;
    for (let n = 0; n < 200; n++) {
      let text = '';
      for (let k = 0; k < 40; k++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      const toks = tokenize(text);
      assert.deepEqual(preprocess(text), toks.map((t) => t.word));
      for (const t of toks) {
        // a span starts and ends on a character that contributes a letter
        assert.ok(/[a-zA-Zİ]/.test(text[t.start]!) && /[a-zA-Zİ]/.test(text[t.end - 1]!), JSON.stringify([text, t]));
      }
    }
  });

  it('agrees with the plain notebook preprocess on ASCII text without <br />', () => {
    const samples = [
      "One of the other reviewers has mentioned that after watching just 1 Oz episode you'll be hooked.",
      'A wonderful little production. The filming technique is very unassuming- very old-time-BBC fashion',
      "Basically there's a family where a little boy (Jake) thinks there's a zombie in his closet & his parents are fighting all the time.",
    ];
    for (const s of samples) assert.deepEqual(preprocess(s), notebookPreprocess(s));
  });
});
