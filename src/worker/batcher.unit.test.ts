import assert from 'node:assert/strict';
import { EventBatcher, selectSnapshots, type Batch } from './batcher';
import { batchEvent, snapshot } from '../../test/support/test-events';
import { typedBytes } from '../shared/transfer';

/** A fake clock and timer queue. */
function fakeTime() {
  let t = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => { const id = nextId++; timers.push({ at: t + ms, fn, id }); return id; },
    clearTimer: (h: unknown) => { const i = timers.findIndex((x) => x.id === h); if (i >= 0) timers.splice(i, 1); },
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        t = next.at;
        next.fn();
      }
      t = end;
    },
    pendingTimers: () => timers.length,
  };
}

describe('EventBatcher', () => {
  it('sends at most 10 batches per second however fast events come, losing none', () => {
    const clock = fakeTime();
    const out: Batch[] = [];
    const emitTimes: number[] = [];
    const b = new EventBatcher((x) => { out.push(x); emitTimes.push(clock.now()); }, clock);
    // 1000 events, one every millisecond for one second.
    for (let i = 0; i < 1000; i++) {
      b.push(batchEvent(i));
      clock.advance(1);
    }
    clock.advance(200);
    assert.ok(out.length <= 11, `${out.length} batches`);
    assert.ok(out.length >= 9, `${out.length} batches`);
    for (let i = 1; i < emitTimes.length; i++) assert.ok(emitTimes[i] - emitTimes[i - 1] >= 100, `gap ${i}`);
    const got = out.flatMap((x) => x.events).map((e) => (e.type === 'batch' ? e.batch : -1));
    assert.deepEqual(got, Array.from({ length: 1000 }, (_, i) => i));
    assert.equal(clock.pendingTimers(), 0);
  });

  it('sends the first event at once and a trailing one after the interval', () => {
    const clock = fakeTime();
    const out: Batch[] = [];
    const b = new EventBatcher((x) => out.push(x), clock);
    b.push(batchEvent(0));
    assert.equal(out.length, 1);
    clock.advance(10);
    b.push(batchEvent(1));
    assert.equal(out.length, 1);
    clock.advance(89);
    assert.equal(out.length, 1);
    clock.advance(1);
    assert.equal(out.length, 2);
  });

  it('flush sends what is pending immediately and disarms the timer', () => {
    const clock = fakeTime();
    const out: Batch[] = [];
    const b = new EventBatcher((x) => out.push(x), clock);
    b.push(batchEvent(0));
    b.push(batchEvent(1));
    b.flush();
    assert.equal(out.length, 2);
    assert.equal(clock.pendingTimers(), 0);
    b.flush();
    assert.equal(out.length, 2, 'nothing pending, nothing sent');
  });

  it('dispose drops pending events', () => {
    const clock = fakeTime();
    const out: Batch[] = [];
    const b = new EventBatcher((x) => out.push(x), clock);
    b.push(batchEvent(0));
    b.push(batchEvent(1));
    b.dispose();
    clock.advance(500);
    assert.equal(out.length, 1);
  });
});

describe('selectSnapshots', () => {
  it('keeps the newest snapshots within the budget and lists the others by id', () => {
    const one = typedBytes(snapshot(0));
    const evs = [snapshot(1), batchEvent(0), snapshot(2), snapshot(3), batchEvent(1)];
    const r = selectSnapshots(evs, 2 * one);
    assert.deepEqual(r.storedSnapshotIds, [1]);
    assert.deepEqual(r.events.map((e) => (e.type === 'snapshot' ? `s${e.id}` : e.type)), ['batch', 's2', 's3', 'batch']);
  });
  it('always keeps the newest snapshot even over budget', () => {
    const r = selectSnapshots([snapshot(1), snapshot(2)], 10);
    assert.deepEqual(r.storedSnapshotIds, [1]);
    assert.equal(r.events.length, 1);
  });
});
