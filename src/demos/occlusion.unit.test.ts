import { strict as assert } from 'node:assert';
import { encodeReview, PAD, vocabFromWords } from '../data/index';
import { createUnrolledModel, initTf } from '../engine/index';
import { analyzeDemo, type AnalyzedToken } from './analyze';
import type { DemoEvent } from '../shared/events';
import type { ModelForDemo } from './model-file';
import { formatOcclusion, occlusionOf, occlusionScale, positiveOfIdRows, saturationNote, withoutToken } from './occlusion';
import { predictDemo } from './predict';

const WORDS = [PAD, 'this', 'film', 'was', 'wonderful', 'awful', 'boring', 'plot', 'acting', 'great', 'a', 'the'];

function model(readout: ModelForDemo['readout'], seqLength: number, seed = 7): ModelForDemo {
  const m = createUnrolledModel({ vocabSize: WORDS.length, embeddingDim: 6, hiddenSize: 8, numLayers: 2, outputSize: 2, seqLength },
    { seed });
  return { model: m, vocab: vocabFromWords(WORDS), readout, source: 'test' };
}

/** P(positive) that `predict` answers for a text (its demo-end summary). */
async function predictPositive(m: ModelForDemo, text: string): Promise<number> {
  const it = predictDemo(m, { text });
  for (;;) {
    const r = await it.next();
    if (r.done) return r.value.snap.probs[1];
  }
}

async function analyzed(m: ModelForDemo, text: string): Promise<{ tokens: AnalyzedToken[]; logs: string[] }> {
  const it = analyzeDemo(m, { text });
  const logs: string[] = [];
  for (;;) {
    const r = await it.next();
    if (r.done) return { tokens: r.value, logs };
    const e = r.value as DemoEvent;
    if (e.type === 'log') logs.push(e.text);
  }
}

describe('occlusion: P(positive) minus P(positive) with the word deleted', () => {
  before(async () => { await initTf(); });

  for (const readout of ['mean', 'final', 'last-token'] as const) {
    it(`equals what predict answers for the shortened text, to 1e-6 (readout ${readout}; unknown words and a cut-off)`, async () => {
      const m = model(readout, 9);
      // 12 words: "zork" and "qux" are unknown, and the text is longer than seqLength 9 (words past it are cut)
      const text = 'This film was wonderful, zork! The acting: awful; boring plot. great qux the film a wonderful';
      const { tokens } = await analyzed(m, text);
      const full = await predictPositive(m, text);
      const enc = encodeReview(text, m.vocab, 9);
      assert.equal(tokens.length, enc.tokens.length);
      let nonzero = 0;
      for (let i = 0; i < tokens.length; i++) {
        const short = withoutToken(text, enc, i);
        const expected = full - await predictPositive(m, short);
        assert.ok(Math.abs(tokens[i].occlusion - expected) <= 1e-6, `${readout} "${tokens[i].word}" (#${i}): occlusion ${tokens[i].occlusion}, predict says ${expected}`);
        if (tokens[i].t === null) assert.equal(tokens[i].occlusion, 0, `"${tokens[i].word}" is not read: deleting it changes no id`);
        else if (tokens[i].occlusion !== 0) nonzero++;
      }
      assert.ok(nonzero >= 5, `most read words move P (${nonzero})`);
      assert.ok(tokens.some((x) => x.unknown) && tokens.some((x) => !x.unknown && x.t === null), 'the text has unknown and cut-off words');
    });
  }

  it('deleting the only word leaves the empty text (all padding), as predict reads it', async () => {
    const m = model('final', 5);
    const pWord = await predictPositive(m, 'wonderful');
    const occ = occlusionOf(m, encodeReview('wonderful', m.vocab, 5), pWord);
    assert.equal(occ.length, 1);
    // predict refuses a text with no word it knows; the engine's answer for all padding is the reference
    const pEmpty = positiveOfIdRows(m.model, [[]], m.readout)[0];
    assert.ok(Math.abs(occ[0] - (pWord - pEmpty)) <= 1e-6, `${occ[0]}`);
    assert.notEqual(occ[0], 0);
  });

  it('the analyze log ranks words by occlusion and keeps gradient × input as a second, labelled line', async () => {
    const { tokens, logs } = await analyzed(model('mean', 20), 'this film was wonderful great acting awful boring plot');
    const line = logs.find((l) => l.startsWith('Strongest words by occlusion'));
    assert.ok(line, logs.join('\n'));
    const strongest = [...tokens].sort((a, b) => Math.abs(b.occlusion) - Math.abs(a.occlusion))[0];
    assert.ok(line.includes(`${strongest.word} (${formatOcclusion(strongest.occlusion)})`), line);
    assert.ok(logs.some((l) => l.startsWith('Strongest words by gradient × input')), logs.join('\n'));
  });

  it('formats ΔP with its sign, and says when the output is saturated', () => {
    assert.deepEqual([0.1274, -0.0041, 0, 2.5e-5, -3e-7].map(formatOcclusion), ['+0.127', '\u22120.004', '0', '+2.5e-5', '\u22123.0e-7']);
    assert.deepEqual([0, 0.01, 0.3, 2, Number.NaN].map(occlusionScale), [0.05, 0.05, 0.3, 1, 0.05]);
    assert.match(saturationNote(0.9931) ?? '', /^The output is saturated \(P\(positive\) = 0\.9931, very sure it is positive\)/);
    assert.match(saturationNote(0.004) ?? '', /very sure it is negative/);
    assert.equal(saturationNote(0.5), undefined);
    assert.equal(saturationNote(0.97), undefined);
  });
});
