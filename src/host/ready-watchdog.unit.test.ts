import * as assert from 'node:assert/strict';
import { ReadyWatchdog, type WatchdogTimers } from './ready-watchdog';

/** A clock the test moves by hand. */
class FakeClock implements WatchdogTimers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(h: unknown): void {
    this.due.delete(h as number);
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const first = [...this.due.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!first) break;
      this.due.delete(first[0]);
      this.now = first[1].at;
      first[1].fn();
    }
    this.now = end;
  }
  get pending(): number {
    return this.due.size;
  }
}

function setup(maxRebuilds = 2) {
  const clock = new FakeClock();
  const log: string[] = [];
  const dog: ReadyWatchdog = new ReadyWatchdog({
    timeoutMs: 10_000,
    maxRebuilds,
    timers: clock,
    rebuild: (n) => { log.push(`rebuild ${n} at ${clock.now}`); dog.started(true); },
    gaveUp: (ms) => log.push(`gave up after ${ms} at ${clock.now}`),
  });
  return { clock, log, dog };
}

describe('ReadyWatchdog (a webview that never says ready gets a new frame)', () => {
  it('does nothing when the webview says ready in time', () => {
    const { clock, log, dog } = setup();
    dog.started(true);
    clock.advance(9_999);
    dog.stop();
    clock.advance(60_000);
    assert.deepEqual(log, []);
    assert.equal(clock.pending, 0);
  });

  it('rebuilds after 10 s visible without ready, twice at most, then gives up once', () => {
    const { clock, log, dog } = setup();
    dog.started(true);
    clock.advance(100_000);
    assert.deepEqual(log, ['rebuild 1 at 10000', 'rebuild 2 at 20000', 'gave up after 30000 at 30000']);
    assert.equal(dog.attempts, 2);
    assert.equal(clock.pending, 0);
  });

  it('a rebuilt frame that says ready ends the watch', () => {
    const { clock, log, dog } = setup();
    dog.started(true);
    clock.advance(12_000);
    dog.stop();
    clock.advance(100_000);
    assert.deepEqual(log, ['rebuild 1 at 10000']);
  });

  it('counts only time on screen: hidden, the wait pauses; shown again, it starts over', () => {
    const { clock, log, dog } = setup();
    dog.started(false);
    clock.advance(50_000);
    assert.deepEqual(log, [], 'a hidden panel is not loaded by VS Code, so it is not late');
    dog.visibility(true);
    clock.advance(6_000);
    dog.visibility(false);
    clock.advance(30_000);
    dog.visibility(true);
    clock.advance(9_000);
    assert.deepEqual(log, []);
    clock.advance(1_000);
    assert.deepEqual(log, ['rebuild 1 at 96000']);
  });

  it('with no rebuilds allowed it only reports', () => {
    const { clock, log, dog } = setup(0);
    dog.started(true);
    clock.advance(20_000);
    assert.deepEqual(log, ['gave up after 10000 at 10000']);
  });
});
