import { strict as assert } from 'node:assert';
import type { DemoEvent } from '../shared/events';
import { engineAnswer } from '../shared/questions';
import { decodeRecording, encodeRecording } from '../shared/recording';
import { typedBytes } from '../shared/transfer';
import { batchEvent, snapshot } from '../../test/support/test-events';
import { eventsToStore, evenlySpaced, LESSON_SNAPSHOT_BUDGET } from './storage';

/** A training run as the kernel sees it: per epoch 10 batches and a snapshot (with input gradients), then the test. */
function trainRun(epochs: number, steps: number, units: number): DemoEvent[] {
  const ev: DemoEvent[] = [{ type: 'demo-start', demo: 'train', title: 'Train', params: {} } as unknown as DemoEvent];
  for (let e = 0; e <= epochs; e++) {
    if (e > 0) for (let b = 1; b <= 10; b++) ev.push(batchEvent(b, 0.7 - 0.01 * e));
    const s = snapshot(e, steps, units);
    s.inputGradNorm = new Float32Array(steps).map((_, t) => 1 + ((t * 7 + e) % steps));
    ev.push(s);
    if (e > 0) ev.push({ type: 'epoch', epoch: e, epochs, loss: 0.7 - 0.01 * e, acc: 50 + e, seconds: 1 } as DemoEvent);
  }
  ev.push({ type: 'eval', split: 'test', loss: 0.5, acc: 71.5 } as DemoEvent);
  return ev;
}

describe('lesson storage: a long run\'s snapshots thinned for the saved file', () => {
  it('spreads k picks evenly, the first and the last among them', () => {
    assert.deepEqual(evenlySpaced(21, 5), [0, 5, 10, 15, 20]);
    assert.deepEqual(evenlySpaced(6, 2), [0, 5]);
    assert.deepEqual(evenlySpaced(4, 9), [0, 1, 2, 3]);
  });

  it('keeps everything while the snapshots fit the budget', () => {
    const ev = trainRun(3, 100, 64);
    const s = eventsToStore(ev);
    assert.equal(s.events.length, ev.length);
    assert.equal(s.note, undefined);
    assert.equal(s.kept, 4);
  });

  it('past the budget: evenly spaced snapshots that fit, every other event kept, the output says so', () => {
    // 21 snapshots of 2 layers × 500 steps × 256 units: 2.05 MB of float data each (hidden + preact), 43 MB in all.
    const ev = trainRun(20, 500, 256);
    const snaps = ev.filter((e) => e.type === 'snapshot');
    const each = typedBytes(snaps[0]);
    assert.ok(each * snaps.length > 40e6, `${each * snaps.length} bytes of snapshots`);
    const s = eventsToStore(ev);
    const kept = s.events.filter((e) => e.type === 'snapshot');
    assert.ok(typedBytes(kept) <= LESSON_SNAPSHOT_BUDGET, `${typedBytes(kept)} bytes kept`);
    assert.ok(typedBytes(kept) + each > LESSON_SNAPSHOT_BUDGET || kept.length === snaps.length, 'as many as fit');
    assert.equal(s.kept, kept.length);
    assert.equal(s.total, 21);
    assert.deepEqual(kept.map((e) => (e as { id: number }).id), [0, 20], 'at 2.1 MB each only the first and the last fit 4 MiB (4.1 MB)');
    assert.deepEqual(s.events.filter((e) => e.type !== 'snapshot'), ev.filter((e) => e.type !== 'snapshot'), 'every batch, epoch and eval kept, in order');
    assert.match(s.note ?? '', /^Saved in the lesson: 2 of the run's 21 snapshots \(evenly spaced, the first and the last among them; 4\.1 MB of 43\.1 MB\)/);
    // Smaller snapshots: more of them fit, still evenly spaced.
    const mid = eventsToStore(trainRun(20, 200, 128));
    const ids = mid.events.filter((e) => e.type === 'snapshot').map((e) => (e as { id: number }).id);
    assert.ok(ids.length > 2 && ids.length < 21, `${ids.length} kept`);
    assert.equal(ids[0], 0);
    assert.equal(ids[ids.length - 1], 20);
    const gaps = ids.slice(1).map((x, i) => x - ids[i]);
    assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, `even gaps ${gaps.join(',')}`);
  });

  it('the saved file replays the same answers as the live run, at a fraction of the size', () => {
    const ev = trainRun(20, 500, 256);
    const s = eventsToStore(ev);
    const full = encodeRecording(ev, 'train');
    const small = encodeRecording(s.events, 'train');
    assert.ok(small.length < full.length / 8, `${small.length} vs ${full.length} characters`);
    const back = decodeRecording(small).events;
    for (const q of [
      { id: 'a', prompt: '?', ask: 'smallest-gradient-word' as const },
      { id: 'b', prompt: '?', ask: 'test-accuracy-above' as const, threshold: 70 },
    ]) {
      const live = engineAnswer(q, ev);
      assert.ok(live.ok);
      assert.deepEqual(engineAnswer(q, back), live, `${q.ask}: same answer from the saved output`);
    }
  });
});
