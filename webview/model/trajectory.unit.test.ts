import { strict as assert } from 'node:assert';
import type { SnapshotEvent } from '../../src/shared/events';
import { trajectory } from './trajectory';

/** A 1-layer snapshot of H = 2 units: states[t] = [a, b], running P per step. */
function snap(tokens: string[], states: Array<[number, number]>, probs: number[]): SnapshotEvent {
  const T = states.length;
  const series = (data: Float32Array) => ({ layers: 1, steps: T, units: 2, data });
  return {
    type: 'snapshot', id: 1, tokens, unknown: tokens.map(() => false), length: tokens.length, hidden: series(Float32Array.from(states.flat())),
    preact: series(new Float32Array(T * 2)), logits: [0, 0], probs: [0.5, 0.5], readout: 'mean', runningProb: Float32Array.from(probs),
  } as SnapshotEvent;
}

describe('webview model: the trajectory before and after an edit', () => {
  it('‖h_t − h′_t‖ per step, where the states part and where they come back together', () => {
    const a = snap(['this', 'is', 'good', 'fun'], [[0, 0], [0.5, 0], [0.5, 0.5], [0.5, 0.5]], [0.5, 0.55, 0.8, 0.82]);
    const b = snap(['this', 'not', 'good', 'fun'], [[0, 0], [0.5, 0.8], [0.5, 0.1], [0.52, 0.5]], [0.5, 0.3, 0.35, 0.4]);
    const tr = trajectory(a, b)!;
    assert.equal(tr.steps, 4);
    assert.deepEqual(tr.diff.map((d) => Number(d.toFixed(6))), [0, 0.8, 0.4, 0.02]);
    assert.equal(tr.partAt, 1);
    assert.equal(tr.rejoinAt, 3, 'the last step is within 10 % of the largest distance (0.02 < 0.08)');
    assert.deepEqual(tr.prev.map((p) => Number(p.toFixed(2))), [0.5, 0.55, 0.8, 0.82]);
    assert.match(tr.sentence, /^The states part at t = 1 \(“is” → “not”\), at most 0\.800 apart, and come back within 10 % of that from t = 3 on\. P\(positive\) at the last word: 0\.820 before, 0\.400 now\.$/);
  });

  it('texts of different lengths: P per word for each, distances over the steps both computed; the same text never parts', () => {
    const a = snap(['good'], [[0.1, 0.1]], [0.7]);
    const b = snap(['good', 'film'], [[0.1, 0.1], [0.3, 0.1]], [0.7, 0.75]);
    const tr = trajectory(a, b)!;
    assert.equal(tr.steps, 2);
    assert.equal(tr.prev.length, 1);
    assert.equal(tr.next.length, 2);
    assert.equal(tr.diff.length, 1);
    assert.equal(tr.partAt, null);
    assert.match(trajectory(a, a)!.sentence, /^The two texts leave the same states at every step/);
    assert.equal(trajectory(a, { ...b, runningProb: undefined }), null);
  });
});
