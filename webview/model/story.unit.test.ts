import { strict as assert } from 'node:assert';
import type { SnapshotEvent } from '../../src/shared/events';
import { caption, clipView, decades, outputPending, outputSummary, readoutNote, positionLabel, snapshotLabel } from './story';
import { newPlayback, phaseAt, seek } from './playback';

function snap(norms: number[], length: number): SnapshotEvent {
  const T = norms.length;
  return {
    type: 'snapshot', id: 0, tokens: ['great', 'film', ...Array(T - 2).fill('<PAD>')], unknown: Array(T).fill(false), length, activation: 'tanh',
    hidden: { layers: 1, steps: T, units: 1, data: new Float32Array(T) },
    preact: { layers: 1, steps: T, units: 1, data: new Float32Array(T) },
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
    // One layer: no "(top layer)" — there is no other layer.
    assert.match(c, /= 1\.000e−12 — 10\.0 decades smaller than at the last step: the gradient vanishes/);
    const two = { ...s, hidden: { ...s.hidden, layers: 2, data: new Float32Array(8) },
      hiddenGradNorm: Float32Array.from([1, 1, 1, 1, 1e-12, 1e-7, 1e-2, 1e-2]) };
    assert.match(caption(two, { phase: 'backward', t: 0, computedUpTo: 3, gradFrom: 0 }), /= 1\.000e−12 \(top layer\) — 10\.0 decades smaller/);
    assert.ok(Math.abs(decades(1e-2, 1e-12)! + 10) < 1e-9);
    assert.equal(decades(0, 1), null);
  });
  it('calls the untrained snapshot "before training"', () => {
    assert.equal(snapshotLabel('test review 1 after epoch 0 (label negative)'), 'test review 1 before training (label negative)');
    assert.equal(snapshotLabel('improved (mean), test review 1 after epoch 3 (label negative)'), 'improved (mean), test review 1 after epoch 3 (label negative)');
    assert.equal(snapshotLabel('after epoch 10'), 'after epoch 10');
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
  it('says the simple RNN\'s output reads x_{T-1} and h_{T-2}, and why ∂L/∂h at the last step is 0', () => {
    // The notebook's first RNN over 7 words: output = h2o([x_t ; h_{t-1}]); the engine's last ∂L/∂h is 0.
    const tokens = 'this movie was absolutely amazing and wonderful'.split(' ');
    const s: SnapshotEvent = {
      ...snap([0.004, 0.009, 0.026, 0.058, 0.122, 0.248, 0], 7), tokens, activation: 'linear', readout: 'simple', probs: [0.66, 0.34], loss: 0.41, target: 0,
    };
    const out = outputSummary(s);
    assert.equal(out[0], 'Read out from the last word’s input x_6 (“wonderful”) and the state before it, h_5: output = h2o([x_t ; h_{t−1}]).');
    assert.equal(out[1], 'h_6 is computed but nothing reads it, so its ∂L/∂h is 0.');
    assert.ok(!out.some((l) => /after the last word \(t = 6\)/.test(l)));
    assert.match(caption(s, { phase: 'forward', t: 6, computedUpTo: 6, gradFrom: 7 }), /Last step: the output reads x_6 and h_5 .* h_6 is computed but nothing reads it\.$/);
    const back6 = caption(s, { phase: 'backward', t: 6, computedUpTo: 6, gradFrom: 6 });
    assert.match(back6, /‖∂L\/∂h_6‖ is exactly 0 — nothing reads h_6: the last output is h2o\(\[x_6 ; h_5\]\) and there is no step 7/);
    assert.match(caption(s, { phase: 'backward', t: 5, computedUpTo: 6, gradFrom: 5 }), /where the loss first reaches the hidden states \(the last output read x_6 and h_5\)/);
    // Decades are counted from h_5 (where the loss enters), not from the zero at h_6.
    assert.match(caption(s, { phase: 'backward', t: 0, computedUpTo: 6, gradFrom: 0 }), /1\.8 decades smaller than at t = 5/);
  });
  it('explains the notebook’s final readout after padding in one line, only when padding follows the review', () => {
    const s = snap([1, 1, 1, 1, 1], 2);
    assert.equal(readoutNote(s), 'This model reads its state after 3 padding steps (the notebook’s “final” readout), by which time it has forgotten most of the review — try Compare Readouts.');
    assert.equal(readoutNote(s, false), 'This model reads its state after 3 padding steps (the notebook’s “final” readout), by which time it has forgotten most of the review.');
    assert.match(readoutNote(snap([1, 1, 1], 2))!, /after 1 padding step \(/);
    assert.equal(readoutNote(snap([1, 1], 2)), null, 'a review that fills the sequence');
    assert.equal(readoutNote({ ...s, readout: 'mean' }), null);
    assert.equal(readoutNote({ ...s, readout: 'last-token' }), null);
  });
  it('labels the position with the word’s ordinal as the editor counts it (t = 3 is word 4)', () => {
    const s = snap([1, 1, 1, 1, 1], 2);
    assert.deepEqual(positionLabel(s, { phase: 'forward', t: 1, computedUpTo: 1, gradFrom: 5 }), { main: 'forward · t = 1 / 4', ordinal: 'word 2 of 2' });
    assert.deepEqual(positionLabel(s, { phase: 'backward', t: 3, computedUpTo: 4, gradFrom: 3 }), { main: 'backward · t = 3 / 4', ordinal: 'padding 2 of 3' });
  });
  it('withholds the prediction until the forward pass reaches the readout, and keeps it through the backward pass', () => {
    // The notebook's final readout: 2 words, 98 pad steps, read at t = 99.
    const s = { ...snap(Array(100).fill(1), 2), probs: [0.3, 0.7], loss: 0.357, target: 1 };
    const at = (pos: number) => phaseAt(seek(newPlayback(100, true), pos));
    const pending = outputPending(s, at(98))!;
    assert.deepEqual(pending, { readyAt: 99, short: 'computed at t = 99', sentence: 'Not computed yet: the output is computed at t = 99 (the last step, after 98 padding steps). Press End or play on.' });
    const before = outputSummary(s, at(0));
    assert.deepEqual(before, ['Read out from layer 1 at t = 99, after 98 padding steps.', pending.sentence]);
    assert.ok(!before.some((l) => /P\(positive\)|predicted|Loss/.test(l)), 'no answer before it is computed');
    // Revealed at the readout's step, and during the whole backward pass (positions 100…199).
    for (const pos of [99, 100, 150, 199]) {
      assert.equal(outputPending(s, at(pos)), null, `position ${pos}`);
      assert.deepEqual(outputSummary(s, at(pos)).slice(1), ['P(positive) = 0.7000 → predicted positive.', 'Loss 0.3570 against the target positive.']);
    }
    // Without a position (the predict box, exports) the summary is the whole answer, as before.
    assert.equal(outputSummary(s).length, 3);
    // The mean readout exists after the last real word; a snapshot without gradients has only a forward pass.
    const mean = { ...s, readout: 'mean' as const };
    assert.match(outputPending(mean, at(0))!.sentence, /computed at t = 1 \(the last real word: the mean needs every word’s state\)/);
    assert.equal(outputPending(mean, at(1)), null);
    assert.equal(outputPending(s, phaseAt(seek(newPlayback(100, false), 99))), null);
  });
});
