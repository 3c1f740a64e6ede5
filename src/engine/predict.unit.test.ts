import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkpointFromJson } from './checkpoint';
import { createReferenceKernels } from './kernels/reference';
import { predictIds } from './predict';
import { makeBatch, unrolledForward } from './unrolled-forward';
import { cloneUnrolledModel, createUnrolledModel, READOUTS } from './unrolled-model';

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'testdata', 'unrolled-rnn.json'), 'utf8'));
const kernels = createReferenceKernels();

describe('predictIds: one review with every snapshot', () => {
  const { model } = checkpointFromJson(fixture.checkpoint);

  it('records hidden states, loss and gradient norms equal to PyTorch for the given target', () => {
    fixture.cases.forEach((c: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const s = predictIds(model, c.ids, c.length, c.readout, { target: c.label, kernels });
      assert.equal(s.steps, 11);
      assert.equal(s.layers, 2);
      c.expected.hidden.forEach((layer: number[][], k: number) =>
        layer.forEach((row, t) => row.forEach((v, j) => assert.ok(Math.abs(s.hidden[(k * 11 + t) * 4 + j] - v) < 1e-6))),
      );
      assert.ok(Math.abs(s.loss - c.expected.loss) < 1e-6);
      c.expected.hiddenGradNorm.forEach((row: number[], k: number) =>
        row.forEach((v, t) => assert.ok(Math.abs(s.hiddenGradNorm[k * 11 + t] - v) <= 1e-6 + 1e-3 * v, `${c.readout} [${k}][${t}]`)),
      );
      c.expected.inputGradNorm.forEach((v: number, t: number) => assert.ok(Math.abs(s.inputGradNorm[t] - v) <= 1e-6 + 1e-3 * v));
      // the equation's two terms add up to the pre-activation, whose tanh is the hidden state
      for (let i = 0; i < s.pre.length; i++) {
        assert.ok(Math.abs(s.inputPart[i] + s.recurrentPart[i] - s.pre[i]) < 1e-6);
        assert.ok(Math.abs(Math.tanh(s.pre[i]) - s.hidden[i]) < 1e-6);
      }
    });
  });

  it('defaults the target to the predicted class (as the notebook\'s predict_sentiment)', () => {
    const c = fixture.cases[3];
    const s = predictIds(model, c.ids, c.length, 'final', { kernels });
    assert.equal(s.predicted, s.probs[1] > s.probs[0] ? 1 : 0);
    assert.equal(s.target, s.predicted);
    assert.ok(Math.abs(s.loss + Math.log(Math.max(...s.probs))) < 1e-6);
  });

  it('running P(positive) at t is the prediction on the review truncated after t, for every readout; from the last word on, the prediction', () => {
    const c = fixture.cases[1]; // length 7 of 11
    for (const readout of READOUTS) {
      const s = predictIds(model, c.ids, c.length, readout, { kernels });
      for (let t = 6; t < 11; t++) assert.equal(s.runningProb[t], Math.fround(s.probs[1]), `${readout} t=${t}`);
      for (let t = 0; t < 7; t++) {
        const prefix = predictIds(model, c.ids.slice(0, t + 1), t + 1, readout, { kernels });
        assert.ok(Math.abs(s.runningProb[t] - prefix.probs[1]) < 1e-6, `${readout} t=${t}: ${s.runningProb[t]} vs ${prefix.probs[1]}`);
        // the same as a plain forward of that truncation (ids[0..t], then padding id 0 up to T)
        const f = unrolledForward(model, makeBatch([c.ids.slice(0, t + 1)], 11, [t + 1]), readout, kernels);
        assert.ok(Math.abs(s.runningProb[t] - f.probs[1]) < 1e-6, `${readout} t=${t}`);
      }
    }
  });

  it('running P(positive) under "final" runs the pad steps after each truncation (not h_t read out at t)', () => {
    const cfg = { vocabSize: 30, embeddingDim: 5, hiddenSize: 6, numLayers: 2, outputSize: 2, seqLength: 40 };
    const m = createUnrolledModel(cfg, { seed: 7 });
    const ids = [3, 9, 14, 2, 7, 21, 11, 5, 28, 17];
    const s = predictIds(m, ids, ids.length, 'final', { kernels });
    assert.equal(s.runningProb[9], Math.fround(s.probs[1]));
    let differs = 0;
    for (const t of [0, 3, 5, 8]) {
      const truncated = predictIds(m, ids.slice(0, t + 1), t + 1, 'final', { kernels });
      assert.ok(Math.abs(s.runningProb[t] - truncated.probs[1]) < 1e-6, `t=${t}`);
      // what the old shortcut showed: fc_out on the top layer's h_t, skipping the 39 − t pad steps
      const w = m.weights;
      const l = [0, 1].map((o) => {
        let z = w['fc_out.bias'][o];
        for (let j = 0; j < 6; j++) z += w['fc_out.weight'][o * 6 + j] * s.hidden[(40 + t) * 6 + j];
        return z;
      });
      const shortcut = 1 / (1 + Math.exp(l[0] - l[1]));
      if (Math.abs(shortcut - truncated.probs[1]) > 1e-4) differs++;
    }
    assert.ok(differs > 0, 'the pad steps change the answer, so the test can tell the two apart');
  });

  it('contribution is gradient × input of logit₁ − logit₀ (checked by finite differences), zero on padding', () => {
    const cfg = { vocabSize: 20, embeddingDim: 5, hiddenSize: 6, numLayers: 2, outputSize: 2, seqLength: 8 };
    const m = createUnrolledModel(cfg, { seed: 4 });
    const ids = [3, 9, 14, 2, 7, 0, 0, 0]; // distinct tokens, so scaling one embedding row scales one x_t
    const s = predictIds(m, ids, 5, 'mean', { kernels });
    const margin = (mm: typeof m): number => {
      const f = unrolledForward(mm, makeBatch([ids], 8, [5]), 'mean', kernels);
      return f.logits[1] - f.logits[0];
    };
    const eps = 1e-3;
    for (let t = 0; t < 5; t++) {
      const up = cloneUnrolledModel(m);
      const dn = cloneUnrolledModel(m);
      for (let d = 0; d < 5; d++) {
        up.weights['embedding.weight'][ids[t] * 5 + d] *= 1 + eps;
        dn.weights['embedding.weight'][ids[t] * 5 + d] *= 1 - eps;
      }
      const fd = (margin(up) - margin(dn)) / (2 * eps);
      assert.ok(Math.abs(fd - s.contribution[t]) < 1e-4 + 1e-2 * Math.abs(fd), `t=${t}: ${s.contribution[t]} vs ${fd}`);
    }
    for (let t = 5; t < 8; t++) assert.equal(s.contribution[t], 0);
  });
});
