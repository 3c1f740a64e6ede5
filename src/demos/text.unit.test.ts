import { strict as assert } from 'node:assert';
import { fmtNorm, fmtVector, TextPrinter } from './text';

describe('text printer: the notebook lines', () => {
  it('prints epochs and the test figures as the notebook did', () => {
    const p = new TextPrinter();
    p.lines({ type: 'demo-start', demo: 'train', title: 'Train', config: {} });
    assert.deepEqual(p.lines({ type: 'epoch', epoch: 1, epochs: 5, loss: 0.55532, acc: 51.5, seconds: 2 }), ['Epoch 1/5, Loss: 0.5553, Acc: 51.50%']);
    assert.deepEqual(p.lines({ type: 'eval', split: 'test', loss: 0.96481, acc: 52.25 }), ['Test Loss: 0.9648', 'Test Accuracy: 52.25%']);
    assert.deepEqual(p.lines({ type: 'epoch', series: 'final', epoch: 2, epochs: 5, loss: 0.5, acc: 60, seconds: 2 }), ['[final] Epoch 2/5, Loss: 0.5000, Acc: 60.00%']);
  });
  it('says non-finite norms in words, never 0.0', () => {
    assert.equal(fmtNorm(Infinity), 'infinite (the gradient overflowed float32)');
    assert.match(fmtNorm(NaN), /^NaN \(not a number/);
    const p = new TextPrinter();
    p.lines({ type: 'demo-start', demo: 'explode', title: 'E', config: {} });
    const lines = p.lines({ type: 'clip', maxNorm: 5, before: Infinity, after: NaN, finite: false, skipped: true,
      watched: { name: 'rnn_cells.0.h2h.weight', before: Infinity, after: NaN } });
    assert.equal(lines[0], 'Gradient Norm (Before Clipping): infinite (the gradient overflowed float32)');
    assert.match(lines[1], /^Gradient Norm \(After Clipping\): not computed: the total norm is infinite .* skipped$/);
    const ok = p.lines({ type: 'clip', maxNorm: 5, before: 1.5e12, after: 5, finite: true, skipped: false,
      watched: { name: 'rnn_cells.0.h2h.weight', before: 1679682306048, after: 0.2699 } });
    assert.deepEqual(ok.slice(0, 2), ['Gradient Norm (Before Clipping): 1679682306048.0000', 'Gradient Norm (After Clipping): 0.2699']);
  });
  it('prints the step demo like the notebook', () => {
    const p = new TextPrinter();
    assert.deepEqual(p.lines({ type: 'demo-start', demo: 'step', title: 'S', config: {} }), ['Step-by-Step Forward Pass:', '-'.repeat(50)]);
    const h = new Float32Array([0.20034426, -0.08665498, 0.11625531, 9]);
    assert.deepEqual(p.lines({ type: 'forward-step', t: 0, word: 'this', hidden: [h], preact: [h], logits: [-0.12855901, -0.14238012] }), [
      'Word: this            | Hidden (first 3): [ 0.20034426 -0.08665498  0.11625531] ...',
      'Logits: [[-0.12855901 -0.14238012]] ',
    ]);
    assert.equal(fmtVector([1, -1], 2), '[ 1.00 -1.00]');
  });
  it('prints a prediction with its confidence and the gradient norm', () => {
    const p = new TextPrinter();
    assert.deepEqual(p.lines({ type: 'demo-start', demo: 'predict', title: 'P', config: { text: 'great' } }), ["Review: 'great'"]);
    assert.deepEqual(p.lines({ type: 'output', logits: [0.2, 0], probs: [0.5489, 0.4511], predicted: 0 }), ['Prediction: Negative (Confidence: 0.5489)']);
    assert.deepEqual(p.lines({ type: 'grad-norms', perParam: { 'rnn_cells.0.h2h.weight': 1.47571 }, total: 2, finite: true }), ['Gradient Norm: 1.4757']);
  });
});
