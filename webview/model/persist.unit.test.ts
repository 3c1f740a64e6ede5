import { strict as assert } from 'node:assert';
import type { DemoEvent, SnapshotEvent } from '../../src/demos/events';
import { encode, decode, persistableEvents, restoreState, snapshotJson, MAX_PERSISTED_FLOATS } from './persist';

function snap(id: number, n: number): SnapshotEvent {
  return {
    type: 'snapshot', id, tokens: ['a'], unknown: [false], length: 1, activation: 'tanh',
    hidden: { layers: 1, steps: 1, units: n, data: new Float32Array(n).fill(0.5) }, preact: { layers: 1, steps: 1, units: n, data: new Float32Array(n) },
    hiddenGradNorm: Float32Array.from([NaN]), logits: [0, Infinity], probs: [0.5, 0.5], readout: 'final',
  };
}

describe('webview model: saved state and JSON export', () => {
  it('round-trips typed arrays, NaN and infinity through JSON', () => {
    const events: DemoEvent[] = [snap(1, 3), { type: 'batch', epoch: 0, batch: 0, batches: 1, loss: NaN, acc: 50, gradNorm: Infinity, clipped: false, skipped: true }];
    const back = decode(JSON.parse(JSON.stringify(encode(events)))) as DemoEvent[];
    const s = back[0] as SnapshotEvent;
    assert.ok(s.hidden.data instanceof Float32Array);
    assert.deepEqual(Array.from(s.hidden.data), [0.5, 0.5, 0.5]);
    assert.ok(Number.isNaN(s.hiddenGradNorm![0]));
    assert.equal(s.logits[1], Infinity);
    const b = back[1] as Extract<DemoEvent, { type: 'batch' }>;
    assert.ok(Number.isNaN(b.loss));
    assert.equal(b.gradNorm, Infinity);
  });
  it('drops the oldest snapshots beyond the size cap but keeps the other events', () => {
    const big = Math.floor(MAX_PERSISTED_FLOATS / 4) + 10; // hidden + preact: just over half the cap each;
    const events: DemoEvent[] = [snap(1, big), { type: 'log', level: 'info', text: 'x' }, snap(2, big)];
    const kept = persistableEvents(events)!;
    assert.equal(kept.length, 2);
    assert.equal((kept[0] as { type: string }).type, 'log');
    assert.equal((kept[1] as { id: number }).id, 2);
  });
  it('restores only a well-formed state', () => {
    assert.equal(restoreState(null), null);
    assert.equal(restoreState({ version: 2, ui: {} }), null);
    const r = restoreState({ version: 1, ui: { view: 'bogus', pos: 12.7, speed: -1, pinned: { layer: 1, t: 3 } } })!;
    assert.equal(r.ui.view, 'network');
    assert.equal(r.ui.pos, 12);
    assert.equal(r.ui.speed, 4);
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
