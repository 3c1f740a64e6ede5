import assert from 'node:assert/strict';
import type { WorkerToHost } from '../shared/protocol';
import { fakeFailing, fakeModel, fakeTrain } from '../../test/support/fake-demos';
import { WorkerRunner } from './runner';

function harness(opts = {}) {
  const msgs: Array<{ msg: WorkerToHost; transfer?: ArrayBuffer[]; at: number }> = [];
  const runner = new WorkerRunner((msg, transfer) => msgs.push({ msg, transfer, at: performance.now() }),
    { train: fakeTrain, explode: fakeFailing }, fakeModel(), opts);
  const waitFor = async (pred: (m: WorkerToHost) => boolean, ms = 5000) => {
    const end = performance.now() + ms;
    for (;;) {
      const hit = msgs.find((x) => pred(x.msg));
      if (hit) return hit;
      if (performance.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { runner, msgs, waitFor };
}

describe('WorkerRunner', () => {
  it('streams every event of a run in throttled batches and ends with done', async () => {
    const { runner, msgs, waitFor } = harness();
    runner.handle({ type: 'run', runId: 1, demo: 'train', params: { batch: 30, lr: 0.01 } });
    await waitFor((m) => m.type === 'run-end');
    const batches = msgs.filter((x) => x.msg.type === 'events');
    const events = batches.flatMap((x) => (x.msg.type === 'events' ? x.msg.events : []));
    const stored = batches.flatMap((x) => (x.msg.type === 'events' ? x.msg.storedSnapshotIds ?? [] : []));
    assert.equal(events.filter((e) => e.type === 'batch').length, 30);
    // every snapshot was either sent or listed as stored
    assert.equal(events.filter((e) => e.type === 'snapshot').length + stored.length, 30);
    // 30 batches × 10 ms ≈ 300 ms of work → about 4 messages, never two within 100 ms (but the final flush)
    for (let i = 1; i < batches.length - 1; i++) assert.ok(batches[i].at - batches[i - 1].at >= 99);
    const span = batches[batches.length - 1].at - batches[0].at;
    assert.ok(batches.length <= Math.floor(span / 100) + 2, `${batches.length} messages in ${span.toFixed(0)} ms`);
    for (const b of batches) {
      const snaps = b.msg.type === 'events' ? b.msg.events.filter((e) => e.type === 'snapshot').length : 0;
      assert.equal(b.transfer?.length ?? 0, snaps * 4, 'each sent snapshot transfers its 4 typed arrays');
    }
    assert.deepEqual(msgs.at(-1)?.msg, { type: 'run-end', runId: 1, status: 'done' });
  });

  it('stops a run within 0.5 s of cancel, even with busy batches', async () => {
    const { runner, waitFor } = harness();
    runner.handle({ type: 'run', runId: 2, demo: 'train', params: { batch: 1000, lr: 0.05 } });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    runner.handle({ type: 'cancel', runId: 2 });
    const end = await waitFor((m) => m.type === 'run-end');
    assert.equal(end.msg.type === 'run-end' && end.msg.status, 'cancelled');
    assert.ok(end.at - t0 < 500, `${(end.at - t0).toFixed(0)} ms`);
    assert.equal(runner.running, undefined);
  });

  it('reports a failing demo with its message, and an unknown demo', async () => {
    const { runner, waitFor } = harness();
    runner.handle({ type: 'run', runId: 3, demo: 'explode', params: {} });
    const end = await waitFor((m) => m.type === 'run-end');
    assert.deepEqual(end.msg, { type: 'run-end', runId: 3, status: 'error', message: 'data/imdb.csv:3: sentiment must be positive or negative' });
    runner.handle({ type: 'run', runId: 4, demo: 'vanish', params: {} });
    const end2 = await waitFor((m) => m.type === 'run-end' && m.runId === 4);
    assert.equal(end2.msg.type === 'run-end' && end2.msg.message, 'the vanish demo is not available in this build');
  });

  it('answers get-snapshot from the store, for snapshots that were not sent too', async () => {
    const { runner, msgs, waitFor } = harness({ batcher: { snapshotBytesPerBatch: 1 } });
    runner.handle({ type: 'run', runId: 5, demo: 'train', params: { batch: 20, lr: 0.002 } });
    await waitFor((m) => m.type === 'run-end');
    const stored = msgs.flatMap((x) => (x.msg.type === 'events' ? x.msg.storedSnapshotIds ?? [] : []));
    assert.ok(stored.length > 0, 'the tight budget left snapshots out');
    runner.handle({ type: 'get-snapshot', requestId: 9, runId: 5, snapshotId: stored[0] });
    const r = await waitFor((m) => m.type === 'snapshot-result' && m.requestId === 9);
    assert.ok(r.msg.type === 'snapshot-result' && r.msg.event?.id === stored[0]);
    assert.equal(r.transfer?.length, 4);
    runner.handle({ type: 'get-snapshot', requestId: 10, runId: 77, snapshotId: 0 });
    const r2 = await waitFor((m) => m.type === 'snapshot-result' && m.requestId === 10);
    assert.equal(r2.msg.type === 'snapshot-result' && r2.msg.error, 'run 77 is no longer stored');
  });

  it('a new run stops the one before it', async () => {
    const { runner, msgs, waitFor } = harness();
    runner.handle({ type: 'run', runId: 6, demo: 'train', params: { batch: 1000, lr: 0.01 } });
    await new Promise((r) => setTimeout(r, 50));
    runner.handle({ type: 'run', runId: 7, demo: 'train', params: { batch: 2, lr: 0.001 } });
    await waitFor((m) => m.type === 'run-end' && m.runId === 7);
    const ends = msgs.filter((x) => x.msg.type === 'run-end').map((x) => x.msg);
    assert.deepEqual(ends, [
      { type: 'run-end', runId: 6, status: 'cancelled' },
      { type: 'run-end', runId: 7, status: 'done' },
    ]);
  });

  it('answers predict and checkpoint requests, with the error when there is no model', async () => {
    const { runner, waitFor } = harness();
    runner.handle({ type: 'predict', requestId: 1, text: 'great' });
    const p1 = await waitFor((m) => m.type === 'predict-result' && m.requestId === 1);
    assert.match((p1.msg.type === 'predict-result' && p1.msg.error) || '', /no trained model yet/);
    runner.handle({ type: 'load-checkpoint', requestId: 2, json: '{"weights": 3}' });
    const l = await waitFor((m) => m.type === 'checkpoint-result' && m.requestId === 2);
    assert.equal(l.msg.type === 'checkpoint-result' && l.msg.error, 'checkpoint: "weights" must be a string');
    runner.handle({ type: 'load-checkpoint', requestId: 3, json: '{"weights": "w1"}' });
    await waitFor((m) => m.type === 'checkpoint-result' && m.requestId === 3);
    runner.handle({ type: 'predict', requestId: 4, text: 'great' });
    const p2 = await waitFor((m) => m.type === 'predict-result' && m.requestId === 4);
    assert.equal(p2.msg.type === 'predict-result' && p2.msg.events.length, 2);
    runner.handle({ type: 'save-checkpoint', requestId: 5 });
    const s = await waitFor((m) => m.type === 'checkpoint-result' && m.requestId === 5);
    assert.equal(s.msg.type === 'checkpoint-result' && s.msg.json, '{"weights":"w1"}');
  });
});
