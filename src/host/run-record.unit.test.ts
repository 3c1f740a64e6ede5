import assert from 'node:assert/strict';
import { RunRecord } from './run-record';
import { batchEvent, snapshot } from '../../test/support/test-events';
import { typedBytes } from '../shared/transfer';

describe('RunRecord', () => {
  it('replays a run as show-run, its batches and its end', () => {
    const r = new RunRecord(4, 'train', 'Train on IMDB', true);
    r.add([batchEvent(1, 0.7), snapshot(0)]);
    r.add([batchEvent(2, 0.6)], [7]);
    r.finish({ type: 'run-end', runId: 4, status: 'done' });
    const msgs = r.replay();
    assert.deepEqual(msgs.map((m) => m.type), ['show-run', 'events', 'events', 'run-end']);
    assert.deepEqual(msgs[0], { type: 'show-run', runId: 4, demo: 'train', title: 'Train on IMDB' });
    assert.deepEqual(msgs[2].type === 'events' && msgs[2].storedSnapshotIds, [7]);
    assert.equal(r.status.state, 'done');
    assert.equal(r.status.loss, 0.6);
    assert.equal(r.snapshot(0)?.id, 0);
    assert.equal(r.eventCount, 3);
  });

  it('keeps worker snapshots past its budget out of the replay, listing their ids', () => {
    const one = typedBytes(snapshot(0));
    const r = new RunRecord(1, 'train', 't', true, one * 2);
    for (let i = 0; i < 4; i++) r.add([snapshot(i), batchEvent(i)]);
    const kept = r.batches.flatMap((b) => b.events).filter((e) => e.type === 'snapshot').length;
    const listed = r.batches.flatMap((b) => b.storedSnapshotIds ?? []);
    assert.equal(kept, 2);
    assert.deepEqual(listed, [2, 3]);
    assert.equal(r.batches.flatMap((b) => b.events).filter((e) => e.type === 'batch').length, 4);
  });
});
