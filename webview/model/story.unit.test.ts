import { strict as assert } from 'node:assert';
import type { SnapshotEvent } from '../../src/demos/events';
import { caption, clipView, decades, outputSummary } from './story';

function snap(norms: number[], length: number): SnapshotEvent {
  const T = norms.length;
  return {
    type: 'snapshot', id: 0, tokens: ['great', 'film', ...Array(T - 2).fill('<PAD>')], unknown: Array(T).fill(false), length, activation: 'tanh',
    hidden: { layers: 1, steps: T, units: 1, data: new Float32Array(T) }, preact: { layers: 1, steps: T, units: 1, data: new Float32Array(T) },
    hiddenGradNorm: Float32Array.from(norms), logits: [0, 0], probs: [0.5, 0.5], readout: 'final',
  };
}

describe('webview model: captions and clipping', () => {
  it('explains padding in the forward pass and the notebook readout at the end', () => {
    const s = snap([1e-12, 1e-7, 1e-2, 1e-2], 2);
    assert.match(caption(s, { phase: 'forward', t: 1, computedUpTo: 1, gradFrom: 4 }), /^Forward pass\. t = 1, “film”: each layer mixes/);
    const c = caption(s, { phase: 'forward', t: 3, computedUpTo: 3, gradFrom: 4 });
    assert.match(c, /padding/);
    assert.match(c, /state after the padding \(the notebook’s readout\)/);
  });
  it('counts the decades a gradient vanished by', () => {
    const s = snap([1e-12, 1e-7, 1e-2, 1e-2], 2);
    const c = caption(s, { phase: 'backward', t: 0, computedUpTo: 3, gradFrom: 0 });
    assert.match(c, /= 1\.000e−12 \(top layer\) — 10\.0 decades smaller than at the last step: the gradient vanishes/);
    assert.ok(Math.abs(decades(1e-2, 1e-12)! + 10) < 1e-9);
    assert.equal(decades(0, 1), null);
  });
  it('names infinite gradients and explosions in words', () => {
    const s = snap([Infinity, 1e9, 1, 1], 4);
    assert.match(caption(s, { phase: 'backward', t: 0, computedUpTo: 3, gradFrom: 0 }), /\+∞ \(infinite\)/);
    assert.match(caption(s, { phase: 'backward', t: 1, computedUpTo: 3, gradFrom: 1 }), /9\.0 decades larger .* explodes/);
  });
  it('describes clipping before/after, and a non-finite norm', () => {
    const v = clipView({ type: 'clip', maxNorm: 5, before: 1679682306048, after: 5, finite: true, skipped: false, watched: { name: 'rnn_cells.0.h2h.weight', before: 1.6e12, after: 0.2699 } });
    assert.ok(v.beforeFrac > v.afterFrac);
    assert.match(v.lines.join('\n'), /multiplied by 2\.977e−12/);
    assert.match(v.lines.join('\n'), /rnn_cells\.0\.h2h\.weight: 1\.60000e\+12 → 0\.269900/);
    const bad = clipView({ type: 'clip', maxNorm: 5, before: Infinity, after: NaN, finite: false, skipped: true });
    assert.equal(bad.bad, true);
    assert.equal(bad.beforeFrac, 1);
    assert.match(bad.lines.join('\n'), /\+∞ \(infinite\)[\s\S]*NaN \(not a number\)[\s\S]*was skipped/);
  });
  it('says where the output was read and what it predicted', () => {
    const s = { ...snap([1, 1, 1, 1, 1], 2), probs: [0.3, 0.7], loss: 0.357, target: 1 };
    assert.deepEqual(outputSummary(s), ['Read out from layer 1 at t = 4, after 3 padding steps.', 'P(positive) = 0.7000 → predicted positive.', 'Loss 0.3570 against the target positive.']);
    assert.match(outputSummary({ ...s, readout: 'mean' })[0], /mean of layer 1’s states over t = 0…1/);
  });
});
