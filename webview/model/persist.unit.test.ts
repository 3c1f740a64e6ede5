import { strict as assert } from 'node:assert';
import type { DemoEvent, SnapshotEvent } from '../../src/shared/events';
import { encode, restoreState, snapshotJson } from './persist';
import { DEFAULT_SPEED } from './playback';

function snap(id: number, n: number): SnapshotEvent {
  return {
    type: 'snapshot', id, tokens: ['a'], unknown: [false], length: 1, activation: 'tanh',
    hidden: { layers: 1, steps: 1, units: n, data: new Float32Array(n).fill(0.5) },
    preact: { layers: 1, steps: 1, units: n, data: new Float32Array(n) },
    hiddenGradNorm: Float32Array.from([NaN]), logits: [0, Infinity], probs: [0.5, 0.5], readout: 'final',
  };
}

describe('webview model: saved state and JSON export', () => {
  it('writes typed arrays, NaN and infinity as JSON the export can carry', () => {
    const events: DemoEvent[] = [snap(1, 3), { type: 'batch', epoch: 0, batch: 0, batches: 1, loss: NaN, acc: 50, gradNorm: Infinity, clipped: false, skipped: true }];
    const out = JSON.parse(JSON.stringify(encode(events))) as Array<Record<string, unknown>>;
    assert.deepEqual((out[0].hidden as { data: unknown }).data, { f32: [0.5, 0.5, 0.5] });
    assert.deepEqual(out[0].logits, [0, 'Infinity']);
    assert.equal(out[1].loss, 'NaN');
    assert.equal(out[1].gradNorm, 'Infinity');
  });
  it('keeps the run on screen by id only: a saved state stays small', () => {
    const r = restoreState({ version: 1, ui: { view: 'training', pos: 3 }, run: { runId: 12, demo: 'vanish', title: 'Vanishing gradients', status: 'done' }, events: [snap(1, 1000)] })!;
    assert.deepEqual(r.run, { runId: 12, demo: 'vanish', title: 'Vanishing gradients', status: 'done' });
    assert.equal(r.ui.view, 'training');
    assert.equal('events' in r, false);
    assert.equal(restoreState({ version: 1, ui: {}, run: { runId: 'x' } })!.run, null);
    assert.ok(JSON.stringify(r).length < 400, `${JSON.stringify(r).length} bytes`);
  });
  it('restores only a well-formed state', () => {
    assert.equal(restoreState(null), null);
    assert.equal(restoreState({ version: 2, ui: {} }), null);
    const r = restoreState({ version: 1, ui: { view: 'bogus', pos: 12.7, speed: -1, pinned: { layer: 1, t: 3 } } })!;
    assert.equal(r.ui.view, 'network');
    assert.equal(r.ui.pos, 12);
    assert.equal(r.ui.speed, DEFAULT_SPEED);
    assert.deepEqual(r.ui.pinned, { layer: 1, t: 3 });
    assert.equal(r.ui.shownId, null);
    assert.equal(restoreState({ version: 1, ui: { shownId: 4 } })!.ui.shownId, 4);
  });
  it('exports a snapshot as readable JSON', () => {
    const j = JSON.parse(snapshotJson(snap(4, 2)));
    assert.equal(j.format, 'unrolled-snapshot');
    assert.deepEqual(j.snapshot.hidden.data, { f32: [0.5, 0.5] });
    assert.deepEqual(j.snapshot.hiddenGradNorm, { f32: ['NaN'] });
  });
});
