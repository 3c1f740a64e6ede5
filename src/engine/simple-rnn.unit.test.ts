import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createSimpleRnn, oneHot, simpleBackward, simpleForward, simpleRnnFromWeights } from './simple-rnn';

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'testdata', 'simple-rnn.json'), 'utf8'));

function fixtureModel() {
  const weights: Record<string, Float32Array> = {};
  for (const [n, w] of Object.entries(fixture.weights as Record<string, { data: number[] }>)) weights[n] = Float32Array.from(w.data);
  return simpleRnnFromWeights({ inputSize: fixture.vocab.length, hiddenSize: fixture.hiddenSize, outputSize: 2 }, weights);
}

describe('simple RNN (the notebook\'s first model)', () => {
  it('steps word by word like PyTorch: hidden and logits after each word, no nonlinearity', () => {
    const model = fixtureModel();
    const words: string[] = fixture.sentence.split(' ');
    const steps = simpleForward(model, words.map((w) => oneHot(fixture.vocab.indexOf(w), fixture.vocab.length)));
    assert.equal(steps.length, 7);
    steps.forEach((s, t) => {
      fixture.steps[t].hidden.forEach((v: number, j: number) => assert.ok(Math.abs(s.hidden[j] - v) < 1e-6, `hidden ${t} ${j}`));
      fixture.steps[t].logits.forEach((v: number, j: number) => assert.ok(Math.abs(s.logits[j] - v) < 1e-6, `logits ${t} ${j}`));
      assert.deepEqual(s.hidden, s.pre); // linear: hidden = i2h(combined)
    });
    const b = simpleBackward(model, steps, 0);
    assert.ok(Math.abs(b.loss - fixture.loss) < 1e-6);
    const gn = Math.sqrt(b.grads['i2h.weight'].reduce((s, v) => s + v * v, 0));
    assert.ok(Math.abs(gn - fixture.i2hGradNorm) < 1e-5);
    assert.equal(b.hiddenGradNorm[6], 0); // the last output reads h_{T-1}, not the last hidden state
    assert.ok(b.hiddenGradNorm[5] > 0);
  });

  it('tanh option: gradients match central finite differences', () => {
    const model = createSimpleRnn({ inputSize: 4, hiddenSize: 3, outputSize: 2, activation: 'tanh' }, 5);
    const inputs = [oneHot(1, 4), oneHot(3, 4), oneHot(0, 4), oneHot(1, 4)];
    const loss = (): number => simpleBackward(model, simpleForward(model, inputs), 1).loss;
    const b = simpleBackward(model, simpleForward(model, inputs), 1);
    assert.ok(simpleForward(model, inputs)[0].hidden.every((v, j) => Math.abs(v - Math.tanh(simpleForward(model,
      inputs)[0].pre[j])) < 1e-7));
    const eps = 1e-2;
    for (const [n, w] of Object.entries(model.weights)) {
      for (let i = 0; i < w.length; i++) {
        const v = w[i];
        w[i] = v + eps;
        const lp = loss();
        w[i] = v - eps;
        const lm = loss();
        w[i] = v;
        const fd = (lp - lm) / (2 * eps);
        assert.ok(Math.abs(fd - b.grads[n][i]) < 1e-3 + 1e-2 * Math.abs(fd), `${n}[${i}] ${b.grads[n][i]} vs ${fd}`);
      }
    }
  });

  it('rejects bad sizes and inputs with clear errors', () => {
    assert.throws(() => createSimpleRnn({ inputSize: 0, hiddenSize: 3, outputSize: 2 }), /inputSize must be a positive integer/);
    assert.throws(() => oneHot(7, 7), /one-hot index 7 is outside 0\.\.6/);
    const m = createSimpleRnn({ inputSize: 4, hiddenSize: 3, outputSize: 2 });
    assert.throws(() => simpleForward(m, [new Float32Array(5)]), /input has 5 values, expected inputSize 4/);
    assert.throws(() => simpleRnnFromWeights({ inputSize: 4, hiddenSize: 3, outputSize: 2 }, { ...m.weights, 'i2h.bias': new Float32Array(2) }), /"i2h\.bias" has 2 values, expected 3/);
  });
});
