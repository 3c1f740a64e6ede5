import { strict as assert } from 'node:assert';
import type { SnapshotEvent } from '../../src/shared/events';
import { emptyRun, applyEvents } from './store';
import * as pb from './playback';
import { DEFAULT_UI } from './persist';
import {
  afterIngest, clickPin, controlsView, keepPinned, keyAction, mergeSnapshotIds, moveSelection, neighbourView, persistedState,
  playbackFor, restoreTarget, selectSnapshot, snapshotIndex, SnapshotCatalog, viewForRun,
} from './session';

function snap(id: number, steps: number, layers = 1, grads = false): SnapshotEvent {
  const n = layers * steps;
  return {
    type: 'snapshot', id, tokens: Array.from({ length: steps }, (_, i) => `w${i}`), unknown: Array(steps).fill(false), length: steps, activation: 'tanh',
    hidden: { layers, steps, units: 1, data: new Float32Array(n) }, preact: { layers, steps, units: 1, data: new Float32Array(n) },
    ...(grads ? { hiddenGradNorm: new Float32Array(n).fill(1) } : {}), logits: [0, 0], probs: [0.5, 0.5], readout: 'final', label: `epoch ${id}`,
  };
}

describe('webview model: session decisions', () => {
  it('opens training runs on the dashboard, Predict in the current view, the rest on the network; a restore wins', () => {
    assert.equal(viewForRun('train', 'predict'), 'training');
    assert.equal(viewForRun('compare', 'network'), 'training');
    assert.equal(viewForRun('predict', 'training'), 'predict', 'the Predict command answers in the Predict view');
    assert.equal(viewForRun('vanish', 'training'), 'network');
    assert.equal(viewForRun('train', 'network', 'predict'), 'predict');
  });

  it('keeps known snapshot ids a sorted set and selects by clamped index (the newest follows the run)', () => {
    const ids = mergeSnapshotIds([5, 2], [3, 5, 9]);
    assert.deepEqual(ids, [2, 3, 5, 9]);
    assert.equal(snapshotIndex(ids, 5), 2);
    assert.equal(snapshotIndex(ids, -1), 3, 'a live snapshot counts as the newest');
    assert.deepEqual(selectSnapshot(ids, -4), { id: 2, hold: 2 });
    assert.deepEqual(selectSnapshot(ids, 99), { id: 9, hold: null });
    assert.equal(selectSnapshot([], 0), null);
  });

  it('plays the first snapshot of a demo from the start, follows training to the newest, holds a chosen one', () => {
    const demo = applyEvents(emptyRun(1, 'vanish'), [snap(1, 4), snap(2, 6)]);
    const d = afterIngest(demo, null, 0, 0);
    assert.equal(d.kind, 'snapshot');
    if (d.kind === 'snapshot') { assert.equal(d.snapshot.id, 1); assert.equal(d.autoplay, true); assert.equal(d.seekEnd, false); }
    assert.deepEqual(afterIngest(applyEvents(demo, [snap(3, 4)]), null, 2, 0), { kind: 'none' }, 'later demo snapshots wait in the scrubber');

    const train = applyEvents(emptyRun(2, 'train'), [snap(1, 4)]);
    applyEvents(train, [snap(2, 4)]);
    const t = afterIngest(train, null, 1, 0);
    assert.ok(t.kind === 'snapshot' && t.snapshot.id === 2 && !t.autoplay && t.seekEnd);
    assert.deepEqual(afterIngest(train, 1, 1, 0), { kind: 'none' }, 'a held snapshot stays');
  });

  it('shows the live snapshot at the last forward step while no snapshot has arrived', () => {
    const run = emptyRun(3, 'step');
    applyEvents(run, [{ type: 'forward-step', t: 0, word: 'a', hidden: [Float32Array.of(0.1)], preact: [Float32Array.of(0.1)] }, { type: 'forward-step', t: 1, word: 'b', hidden: [Float32Array.of(0.2)], preact: [Float32Array.of(0.2)] }]);
    assert.deepEqual(afterIngest(run, null, 0, 0), { kind: 'live', seekT: 1 });
  });

  it('keeps the playback position for a snapshot of the same shape, starts others at the end, autoplays from 0', () => {
    const prev = pb.seek(pb.newPlayback(6, false, 8), 3);
    const same = playbackFor(prev, snap(1, 6), snap(2, 6), false);
    assert.equal(same.pos, 3);
    assert.equal(same.speed, 8);
    const other = playbackFor(prev, snap(1, 6), snap(2, 5, 1, true), false);
    assert.equal(other.pos, 9, 'forward + backward: 10 positions, at the end');
    const auto = playbackFor(prev, null, snap(2, 5), true);
    assert.equal(auto.pos, 0);
    assert.equal(auto.playing, true);
  });

  it('pins, toggles and drops pinned cells', () => {
    assert.deepEqual(clickPin(null, { kind: 'cell', layer: 1, t: 2, unit: 0 }, 2), { pin: { layer: 1, t: 2 } });
    assert.deepEqual(clickPin({ layer: 1, t: 2 }, { kind: 'cell', layer: 1, t: 2, unit: 0 }, 2), { pin: null }, 'clicking the pinned cell unpins');
    assert.deepEqual(clickPin(null, { kind: 'token', t: 3 }, 2), { pin: { layer: 0, t: 3 } });
    assert.deepEqual(clickPin(null, { kind: 'prob', t: 3 }, 2), { pin: { layer: 1, t: 3 } });
    assert.equal(clickPin(null, { kind: 'output' }, 2), null);
    assert.deepEqual(keepPinned({ layer: 0, t: 3 }, snap(1, 4)), { layer: 0, t: 3 });
    assert.equal(keepPinned({ layer: 0, t: 4 }, snap(1, 4)), null);
    assert.equal(keepPinned({ layer: 1, t: 0 }, snap(1, 4, 1)), null);
  });

  it('moves the selection with Shift+arrows inside the grid; Enter pins the current cell', () => {
    const dims = { layers: 2, steps: 3 };
    assert.deepEqual(moveSelection({ layer: 0, t: 2 }, 'ArrowRight', true, dims), { layer: 0, t: 2 });
    assert.deepEqual(moveSelection({ layer: 0, t: 1 }, 'ArrowLeft', true, dims), { layer: 0, t: 0 });
    assert.deepEqual(moveSelection({ layer: 0, t: 1 }, 'ArrowUp', true, dims), { layer: 1, t: 1 });
    assert.deepEqual(moveSelection({ layer: 0, t: 1 }, 'ArrowDown', true, dims), { layer: 0, t: 1 });
    assert.equal(moveSelection({ layer: 0, t: 1 }, 'ArrowRight', false, dims), null);
    assert.deepEqual(moveSelection({ layer: 1, t: 1 }, 'Enter', false, dims), { layer: 1, t: 1 });
  });

  it('maps keys to actions: views anywhere, playback only on the network view and without Shift', () => {
    const p = pb.seek(pb.newPlayback(5, false), 2);
    assert.deepEqual(keyAction('2', false, 'network', p), { kind: 'view', view: 'training' });
    assert.deepEqual(keyAction('Escape', false, 'predict', p), { kind: 'unpin' });
    assert.equal(keyAction(' ', false, 'training', p), null);
    assert.equal(keyAction('ArrowRight', true, 'network', p), null);
    const right = keyAction('l', false, 'network', p);
    assert.ok(right?.kind === 'playback' && right.playback.pos === 3);
    const end = keyAction('End', false, 'network', pb.play(p));
    assert.ok(end?.kind === 'playback' && end.playback.pos === 4 && !end.playback.playing);
    assert.deepEqual(keyAction('[', false, 'network', p), { kind: 'snapshot-step', delta: -1 });
    assert.equal(keyAction('x', false, 'network', p), null);
    const faster = keyAction('+', true, 'network', p); // Shift+= on a US layout
    assert.ok(faster?.kind === 'playback' && faster.playback.speed > p.speed, '+ typed with Shift still speeds up');
    assert.equal(neighbourView('network', -1), 'predict');
    assert.equal(neighbourView('predict', 1), 'network');
  });

  it('labels the controls with the sequence counter and saves the clock and the shown snapshot', () => {
    const s = snap(7, 4);
    const c = controlsView(pb.seek(pb.newPlayback(4, false), 1), s, [3, 7, 9]);
    assert.equal(c.snapIndex, 1);
    assert.equal(c.snapCount, 3);
    assert.match(c.snapLabel, /^2 of 3 · /);
    assert.equal(c.total, 4);
    assert.equal(controlsView(pb.newPlayback(1, false), null, []).snapLabel, '');
    const run = emptyRun(4, 'train', 'Training');
    const st = persistedState({ ...DEFAULT_UI }, { ...pb.newPlayback(4, false, 16), pos: 2 }, s, run);
    assert.deepEqual([st.ui.pos, st.ui.speed, st.ui.shownId, st.run?.runId, st.run?.demo], [2, 16, 7, 4, 'train']);
    assert.equal(persistedState(DEFAULT_UI, pb.newPlayback(1, false), null, emptyRun()).run, null);
    assert.equal(restoreTarget({ ...DEFAULT_UI, snapshotId: null, shownId: 5 }), 5);
    assert.equal(restoreTarget({ ...DEFAULT_UI, snapshotId: 2, shownId: 5 }), 2);
  });

  it('matches each snapshot answer to its request once', () => {
    const c = new SnapshotCatalog();
    const a = c.request(11), b = c.request(12);
    assert.notEqual(a, b);
    assert.equal(c.take(b), 12);
    assert.equal(c.take(b), undefined);
    assert.equal(c.take(a), 11);
    c.add([4, 1]); c.add([1, 2]);
    assert.deepEqual(c.ids, [1, 2, 4]);
    c.clear();
    assert.deepEqual(c.ids, []);
  });
});
