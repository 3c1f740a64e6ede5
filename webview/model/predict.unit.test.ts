import { strict as assert } from 'node:assert';
import { PredictTracker, predictView } from './predict';

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
        hidden: { layers: 1, steps: 4, units: 1, data: new Float32Array(4) }, preact: { layers: 1, steps: 4, units: 1, data: new Float32Array(4) },
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
    assert.match(v.tokens[1].title, /contribution to “positive”: −0\.5000/);
  });
  it('reports the error of a failed answer', () => {
    const v = predictView([], 'no trained model yet: run Train on IMDB first');
    assert.equal(v.label, null);
    assert.equal(v.error, 'no trained model yet: run Train on IMDB first');
  });
  it('adds the final-readout note when padding follows the review, so a class knows why every text gets the same answer', () => {
    const snapshot = (readout: 'final' | 'mean', steps: number) => ({
      type: 'snapshot' as const, id: 1, tokens: ['great', 'film', ...Array(steps - 2).fill('<PAD>')], unknown: Array(steps).fill(false), length: 2, activation: 'tanh' as const,
      hidden: { layers: 1, steps, units: 1, data: new Float32Array(steps) }, preact: { layers: 1, steps, units: 1, data: new Float32Array(steps) },
      logits: [0, 0.2], probs: [0.4456, 0.5544], readout,
    });
    assert.match(predictView([snapshot('final', 100)]).note!, /^This model reads its state after 98 padding steps \(the notebook’s “final” readout\).* try Compare Readouts\.$/);
    assert.equal(predictView([snapshot('mean', 100)]).note, null);
    assert.equal(predictView([snapshot('final', 2)]).note, null);
  });
});
