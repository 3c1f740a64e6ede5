import assert from 'node:assert/strict';
import { SnapshotStore } from './snapshot-store';
import { snapshot } from '../../test/support/test-events';
import { prepareForTransfer, typedBytes } from '../shared/transfer';

describe('SnapshotStore', () => {
  it('returns stored snapshots by id', () => {
    const s = new SnapshotStore(1);
    s.add(snapshot(5));
    s.add(snapshot(6));
    assert.equal(s.get(6)?.id, 6);
    assert.equal(s.get(7), undefined);
    assert.equal(s.storedBytes, 2 * typedBytes(snapshot(0)));
  });
  it('evicts the oldest past its budget but keeps the first and the newest', () => {
    const one = typedBytes(snapshot(0));
    const s = new SnapshotStore(1, 3 * one);
    for (let i = 0; i < 10; i++) s.add(snapshot(i));
    assert.deepEqual(s.ids(), [0, 8, 9]);
    assert.ok(s.storedBytes <= 3 * one);
  });
});

describe('prepareForTransfer', () => {
  it('copies every typed array into its own buffer and lists it for transfer', () => {
    const big = new Float32Array(100).fill(3);
    const view = big.subarray(10, 20); // shares big's buffer: must not be transferred as is
    const ev = snapshot(1);
    ev.inputGradNorm = view;
    const { events, transfer } = prepareForTransfer([ev]);
    const out = events[0];
    assert.ok(out.type === 'snapshot');
    assert.notEqual(out.hidden.data, ev.hidden.data);
    assert.deepEqual(Array.from(out.hidden.data), Array.from(ev.hidden.data));
    assert.equal(out.inputGradNorm?.length, 10);
    assert.equal(out.inputGradNorm?.buffer.byteLength, 40);
    // hidden, preact, runningProb, contribution, inputGradNorm: each the output's own buffer.
    assert.equal(transfer.length, 5);
    assert.ok(transfer.includes(out.hidden.data.buffer as ArrayBuffer));
    assert.equal(big[15], 3, 'the source is untouched');
  });
});
