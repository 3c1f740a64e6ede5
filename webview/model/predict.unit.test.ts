import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PredictTracker, predictView } from './predict';
import type { DemoEvent, SnapshotEvent } from '../../src/shared/events';

/** A recording's events with {$f32: base64} decoded (test/browser/recordings, written by `--record`). */
function recording(name: string): DemoEvent[] {
  const file = path.join(__dirname, '..', '..', 'test', 'browser', 'recordings', `${name}.json`);
  const decode = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(decode);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.$f32 === 'string') { const b = Buffer.from(o.$f32, 'base64'); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)); }
      if (typeof o.$num === 'string') return Number(o.$num);
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]));
    }
    return v;
  };
  return (decode(JSON.parse(readFileSync(file, 'utf8')).events) as DemoEvent[]);
}

function snap(words: string[], contribution: number[], readout: 'final' | 'mean', steps = 20): SnapshotEvent {
  const tokens = [...words, ...Array(steps - words.length).fill('<PAD>')];
  const c = new Float32Array(steps); c.set(contribution);
  return {
    type: 'snapshot', id: 1, tokens, unknown: tokens.map(() => false), length: words.length, activation: 'tanh',
    hidden: { layers: 1, steps, units: 1, data: new Float32Array(steps) },
    preact: { layers: 1, steps, units: 1, data: new Float32Array(steps) },
    contribution: c, logits: [0, 0.2], probs: [0.4502, 0.5498], readout,
  };
}

describe('webview model: predict box', () => {
  it('numbers requests and accepts only the answer to the latest one', () => {
    const p = new PredictTracker();
    assert.equal(p.next('good'), 1);
    assert.equal(p.next('good'), null, 'unchanged text is not asked again');
    assert.equal(p.next('good film'), 2);
    assert.equal(p.isCurrent(1), false);
    assert.equal(p.isCurrent(2), true);
  });
  it('shows the prediction, confidence, contributions and unknown words', () => {
    const v = predictView([
      { type: 'tokens', tokens: ['this', 'movie', 'was', 'zzzfantastic'], ids: [3, 9, 4, 0], unknown: [false, false, false, true], length: 4, seqLength: 100 },
      { type: 'output', logits: [-0.2, 0.3], probs: [0.3775, 0.6225], predicted: 1 },
      {
        type: 'snapshot', id: 7, tokens: ['this', 'movie', 'was', 'zzzfantastic'], unknown: [false, false, false, true], length: 4, activation: 'tanh',
        hidden: { layers: 1, steps: 4, units: 1, data: new Float32Array(4) },
        preact: { layers: 1, steps: 4, units: 1, data: new Float32Array(4) },
        contribution: Float32Array.from([0.01, -0.5, 0.02, 0]), logits: [-0.2, 0.3], probs: [0.3775, 0.6225], readout: 'mean',
      },
    ]);
    assert.equal(v.label, 'Positive');
    assert.equal(v.confidence, 0.6225);
    assert.equal(v.tokens.length, 4);
    assert.equal(v.unknownCount, 1);
    assert.equal(v.contributionRange, 0.5);
    assert.equal(v.tokens[1].contribution, -0.5);
    assert.match(v.tokens[3].title, /unknown word/);
    assert.match(v.tokens[1].title, /contribution to “positive”: −0\.500 \(towards negative\)$/);
    assert.equal(v.tokens[0].value, '+0.010');
    assert.equal(v.tokens[3].negligible, true, 'a contribution of exactly 0 is not coloured either');
  });
  it('says the loss is against the predicted class (no label) and which weights the gradient norm is of', () => {
    const events: DemoEvent[] = [
      { type: 'output', logits: [0, 1], probs: [0.25, 0.75], predicted: 1 },
      { type: 'loss', loss: 0.2877, target: 1 },
      { type: 'grad-norms', perParam: { 'rnn_cells.0.h2h.weight': 0.5, 'h2o.weight': 2 }, total: 2.0616, finite: true },
    ];
    const v = predictView(events);
    assert.equal(v.lossLine, 'Loss 0.2877 against the predicted class (positive): the text has no label, so the loss — and every gradient shown — is how much surer of its own answer the model could be.');
    assert.equal(v.gradLine, 'Gradient norm 0.5000 of layer 0’s recurrent weights W_hh (rnn_cells.0.h2h.weight); of all the weights together 2.062.');
    const gated = predictView([events[0], { type: 'loss', loss: 1.386, target: 0 }, { type: 'grad-norms', perParam: { 'rnn_cells.0.weight_hh': 0.1 }, total: 0.1, finite: true }]);
    assert.match(gated.lossLine!, /^Loss 1\.386 against the class \(negative\): the label given with the text\.$/);
    assert.match(gated.gradLine!, /W_hh \(rnn_cells\.0\.weight_hh\)/);
    assert.equal(predictView([events[0]]).lossLine, null);
  });

  it('reports the error of a failed answer', () => {
    const v = predictView([], 'no trained model yet: run Train on IMDB first');
    assert.equal(v.label, null);
    assert.equal(v.error, 'no trained model yet: run Train on IMDB first');
  });
  it('adds the final-readout note when padding follows the review, so a class knows why every text gets the same answer', () => {
    const snapshot = (readout: 'final' | 'mean', steps: number) => ({
      type: 'snapshot' as const, id: 1, tokens: ['great', 'film', ...Array(steps - 2).fill('<PAD>')], unknown: Array(steps).fill(false), length: 2, activation: 'tanh' as const,
      hidden: { layers: 1, steps, units: 1, data: new Float32Array(steps) },
      preact: { layers: 1, steps, units: 1, data: new Float32Array(steps) },
      logits: [0, 0.2], probs: [0.4456, 0.5544], readout,
    });
    assert.match(predictView([snapshot('final', 100)]).note!, /^This model reads its state after 98 padding steps \(the notebook’s “final” readout\).* try Compare Readouts\.$/);
    assert.equal(predictView([snapshot('mean', 100)]).note, null);
    assert.equal(predictView([snapshot('final', 2)]).note, null);
  });

  it("colours contributions on the editor's scale: floored at 0.1 logit, words below 1e-3 uncoloured and called negligible", () => {
    const v = predictView([snap(['great', 'film', 'indeed'], [0.05, -0.0004, 0.002], 'mean')]);
    assert.equal(v.largestContribution, Math.fround(0.05));
    assert.equal(v.contributionRange, 0.1, 'a largest contribution of 0.05 is not stretched to full colour');
    assert.deepEqual(v.tokens.map((t) => t.negligible), [false, true, false]);
    assert.deepEqual(v.tokens.map((t) => t.value), ['+0.050', '−4.0e−4', '+0.002'], 'minus signs as U+2212, the exponent too');
    assert.match(v.tokens[1].title, /contribution to “positive”: −4\.0e−4 \(negligible: below 1e−3\)$/);
    assert.equal(v.contributionNote, null);
    assert.deepEqual(v.strongest, ['great (+0.050)', 'indeed (+0.002)'], 'negligible words are not ranked');
    assert.equal(predictView([snap(['great'], [2.5], 'mean')]).contributionRange, Math.fround(2.5));
  });
  it('with the final readout (the recorded checkpoint) every contribution is negligible: nothing coloured, real magnitudes, the note says why', () => {
    const events = recording('predict-final');
    const s = events.find((e): e is SnapshotEvent => e.type === 'snapshot')!;
    const v = predictView(events.filter((e) => e.type !== 'demo-start' && e.type !== 'demo-end'));
    assert.equal(s.readout, 'final');
    assert.equal(v.tokens.length, s.length);
    assert.ok(v.largestContribution > 0 && v.largestContribution < 1e-10, `largest ${v.largestContribution}`);
    assert.equal(v.contributionRange, 0.1);
    assert.ok(v.tokens.every((t) => t.negligible), 'no word is coloured');
    for (const t of v.tokens) {
      assert.match(t.value, /^[+−]\d\.\de−\d+$/, `${t.text}: ${t.value} is written with its magnitude, not as +0.000`);
      assert.equal(t.value, `${t.contribution! > 0 ? '+' : '−'}${Math.abs(t.contribution!).toExponential(1).replace('-', '−')}`);
    }
    assert.equal(v.tokens[0].value, '+2.6e−17');
    assert.deepEqual(v.strongest, []);
    const pads = s.hidden.steps - s.length;
    assert.equal(v.contributionNote, `All words' contributions are below 1e−3 (largest ${v.largestContribution.toExponential(1).replace('-', '−')}): the gradient vanished in the ${pads} padding steps before reaching the words (readout "final"), so no word is coloured and their ranking means nothing.`);
  });
  it("maps words to the steps the engine read: unknown words are skipped, so the next word's contribution is not shifted", () => {
    const v = predictView([
      { type: 'tokens', tokens: ['great', 'zzzplot', 'film'], ids: [7, 0, 9], unknown: [false, true, false], length: 2, seqLength: 20 },
      snap(['great', 'film'], [0.3, -0.2], 'mean'),
    ]);
    assert.deepEqual(v.tokens.map((t) => [t.text, t.t, t.contribution === null ? null : Math.round(t.contribution * 10) / 10]), [['great', 0, 0.3], ['zzzplot', null, null], ['film', 1, -0.2]]);
    assert.match(v.tokens[1].title, /unknown word .*skips it/);
    // Words past the sequence length are shown but not read.
    const cut = predictView([
      { type: 'tokens', tokens: ['a', 'b', 'c'], ids: [1, 2, 3], unknown: [false, false, false], length: 2, seqLength: 2 },
      snap(['a', 'b'], [0.3, 0.2], 'mean', 2),
    ]);
    assert.deepEqual(cut.tokens.map((t) => t.t), [0, 1, null]);
    assert.match(cut.tokens[2].title, /not read: the model reads only the first 2 known words/);
  });
});

describe('webview model: predict box, occlusion', () => {
  it('carries each word\'s occlusion beside its contribution, ranks by it and says when the output is saturated', () => {
    const s = snap(['worst', 'film', 'wonderful'], [-0.3, 0.05, 2.54], 'mean', 6);
    s.occlusion = Float32Array.from([-0.312, 0.0004, 0.046, 0, 0, 0]);
    const v = predictView([s]);
    assert.equal(v.hasOcclusion, true);
    assert.deepEqual(v.tokens.map((t) => t.occlusionValue), ['\u22120.312', '+4.0e\u22124', '+0.046']);
    assert.deepEqual(v.tokens.map((t) => t.occlusionNegligible), [false, true, false]);
    assert.ok(Math.abs(v.largestOcclusion - 0.312) < 1e-6);
    assert.ok(Math.abs(v.occlusionRange - 0.312) < 1e-6);
    // gradient × input ranks "wonderful" first; occlusion (what deleting it does) ranks "worst" first
    assert.deepEqual(v.strongest, ['wonderful (+2.540)', 'worst (−0.300)', 'film (+0.050)']);
    assert.deepEqual(v.strongestByOcclusion, ['worst (\u22120.312)', 'wonderful (+0.046)']);
    assert.match(v.tokens[0].title, /occlusion: P\(positive\) minus P\(positive\) without this word = −0\.312 \(towards negative\) — gradient × input/);
    assert.equal(v.saturationNote, null, 'P = 0.5498 is not saturated');
    const sat = predictView([{ ...s, probs: [0.9994, 0.0006] }]);
    assert.match(sat.saturationNote ?? '', /^The output is saturated \(P\(positive\) = 0\.0006/);
  });

  it('an answer without occlusion (an older recording) has none to show', () => {
    const v = predictView([snap(['good'], [0.2], 'mean', 3)]);
    assert.equal(v.hasOcclusion, false);
    assert.deepEqual(v.strongestByOcclusion, []);
    assert.equal(v.tokens[0].occlusion, null);
    assert.equal(v.saturationNote, null);
  });
});
