import assert from 'node:assert/strict';
import type { SnapshotEvent, TokensEvent } from '../shared/events';
import { TextAnalysis } from './analysis';
import { snapshot } from '../../test/support/test-events';

// "Great film, zzzz acting!" — "zzzz" unknown; the model has 2 positions, so "acting" is cut off.
const text = 'Great film, zzzz acting!';
const tokens: TokensEvent = {
  type: 'tokens', tokens: ['great', 'film', 'zzzz', 'acting'], ids: [5, 9, 0, 7], unknown: [false, false, true, false],
  length: 2, seqLength: 2, offsets: [[0, 5], [6, 10], [12, 16], [17, 23]],
};
function snap(): SnapshotEvent {
  const s = snapshot(1, 2, 3, 2); // 2 steps, 3 units, 2 layers
  s.length = 2;
  s.contribution = Float32Array.of(0.4, -0.8);
  s.runningProb = Float32Array.of(0.6, 0.45);
  s.inputGradNorm = Float32Array.of(0.01, 0.02);
  return s;
}

describe('TextAnalysis', () => {
  it('maps model steps to words, skipping unknown words and counting those cut off', () => {
    const a = new TextAnalysis(3, tokens, snap(), 100);
    assert.deepEqual(a.words.map((w) => [w.word, w.t, w.start, w.end]), [
      ['great', 0, 100, 105], ['film', 1, 106, 110], ['zzzz', -1, 112, 116], ['acting', -1, 117, 123],
    ]);
    assert.equal(a.cutOff, 1);
    assert.equal(text.slice(a.words[3].start - 100, a.words[3].end - 100), 'acting');
    assert.ok(Math.abs(a.contributionRange - 0.8) < 1e-7);
  });

  it('finds the word at an offset, including just after its end', () => {
    const a = new TextAnalysis(3, tokens, snap(), 0);
    assert.equal(a.wordAt(0)?.word, 'great');
    assert.equal(a.wordAt(5)?.word, 'great');
    assert.equal(a.wordAt(7)?.word, 'film');
    assert.equal(a.wordAt(11), undefined, 'the comma and space belong to no word');
    assert.equal(a.wordAt(23)?.word, 'acting');
    assert.equal(a.wordAt(24), undefined);
  });

  it('gives the hover each layer\'s hidden state at that step and the running numbers', () => {
    const s = snap();
    const a = new TextAnalysis(3, tokens, s, 0);
    const h = a.hoverInfo(a.words[1], 'command:x');
    assert.ok(h);
    assert.equal(h.t, 1);
    // layer 0 step 1 = data[3..6), layer 1 step 1 = data[9..12)
    assert.deepEqual(Array.from(h.hidden[0]), Array.from(s.hidden.data.subarray(3, 6)));
    assert.deepEqual(Array.from(h.hidden[1]), Array.from(s.hidden.data.subarray(9, 12)));
    assert.ok(Math.abs((h.runningProb ?? 0) - 0.45) < 1e-7);
    assert.ok(Math.abs((h.previousProb ?? 0) - 0.6) < 1e-7);
    assert.ok(Math.abs((h.contribution ?? 0) + 0.8) < 1e-7);
    assert.equal(a.hoverInfo(a.words[2], 'command:x'), undefined, 'unknown words have no state');
  });

  it('explains a vanished saliency under the notebook\'s final readout after padding', () => {
    const s = snap();
    s.hidden = { ...s.hidden, steps: 2 };
    s.length = 1; // one real step, one pad step
    s.inputGradNorm = Float32Array.of(3e-9, 0);
    const a = new TextAnalysis(3, { ...tokens, length: 1 }, s, 0);
    assert.match(a.hoverInfo(a.words[0], 'command:x')?.note ?? '', /after 1 padding steps \(readout "final"/);
    s.readout = 'mean';
    assert.equal(new TextAnalysis(3, { ...tokens, length: 1 }, s, 0).hoverInfo(a.words[0], 'command:x')?.note, undefined);
    s.readout = 'final';
    s.inputGradNorm = Float32Array.of(0.01, 0);
    assert.equal(new TextAnalysis(3, { ...tokens, length: 1 }, s, 0).hoverInfo(a.words[0], 'command:x')?.note, undefined, 'a live gradient needs no note');
  });

  it('floors the colour scale and says in every hover when all contributions vanished', () => {
    const s = snap();
    s.hidden = { ...s.hidden, steps: 2 };
    s.length = 1;
    s.readout = 'final';
    s.contribution = Float32Array.of(6.1e-13, 0);
    s.inputGradNorm = Float32Array.of(0.01, 0);
    const a = new TextAnalysis(3, { ...tokens, length: 1 }, s, 0);
    assert.ok(Math.abs(a.largestContribution - 6.1e-13) < 1e-18);
    assert.equal(a.contributionRange, 0.1, 'the scale does not shrink to the noise');
    const note = a.hoverInfo(a.words[0], 'command:x')?.note ?? '';
    assert.match(note, /^All words' contributions are below 1e-3 \(largest 6\.1e-13\): the gradient vanished in the 1 padding steps before reaching the words \(readout "final"\)/);
    assert.match(note, /"mean" readout fixes this/);
    // live contributions: no such note, and the scale is the largest one
    const b = new TextAnalysis(3, tokens, snap(), 0);
    assert.equal(b.negligibleNote, undefined);
    assert.equal(b.hoverInfo(b.words[0], 'command:x')?.note, undefined);
    assert.ok(Math.abs(b.contributionRange - 0.8) < 1e-7);
  });

  it('refuses tokens without offsets', () => {
    assert.throws(() => new TextAnalysis(1, { ...tokens, offsets: undefined }, snap(), 0), /needs token offsets/);
  });

  it('colours by occlusion by default and by gradient × input when chosen; hovers carry both and the saturation', () => {
    const s = snap();
    s.occlusion = Float32Array.of(-0.2, 0.0004); // "great" pulls P down by 0.2; "film" negligible
    s.probs = [0.55, 0.45];
    const a = new TextAnalysis(3, tokens, s, 0, 'occlusion', 'readout mean, test accuracy 79.30 %');
    assert.equal(a.colouredBy, 'occlusion');
    assert.deepEqual([a.bucketAt(0, 5), a.bucketAt(1, 5)], [-5, 0], 'by occlusion: the largest is deepest, 4e-4 uncoloured');
    a.attribution = 'gradient';
    assert.deepEqual([a.bucketAt(0, 5), a.bucketAt(1, 5)], [3, -5], 'by gradient × input (0.4, −0.8 of 0.8)');
    const h = a.hoverInfo(a.words[0], 'command:x');
    assert.ok(h);
    assert.ok(Math.abs((h.occlusion ?? 0) + 0.2) < 1e-7);
    assert.equal(h.pPositive, 0.45);
    assert.equal(h.colouredBy, 'gradient');
    assert.equal(h.model, 'readout mean, test accuracy 79.30 %');
    assert.equal(h.note, undefined, 'not saturated');
    s.probs = [0.995, 0.005];
    const sat = new TextAnalysis(3, tokens, s, 0).hoverInfo(a.words[0], 'command:x');
    assert.match(sat?.note ?? '', /^The output is saturated \(P\(positive\) = 0\.0050/);
    // a snapshot without occlusion (older run) falls back to gradient × input
    const old = new TextAnalysis(3, tokens, snap(), 0, 'occlusion');
    assert.equal(old.colouredBy, 'gradient');
    assert.equal(old.hoverInfo(old.words[0], 'command:x')?.occlusion, undefined);
  });
});
