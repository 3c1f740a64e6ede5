/**
 * Throttles a demo's event stream into batches: at most one batch per `intervalMs` (10 per second by
 * default), every event kept in order. Snapshots are the heavy events: a batch carries the newest ones up
 * to a byte budget; older snapshots of the same batch are left out and only their ids are listed (the
 * worker keeps them in its SnapshotStore for scrub-back). Pure: the clock and timer are injected.
 */
import type { DemoEvent } from '../shared/events';
import { typedBytes } from '../shared/transfer';

export interface Batch {
  events: DemoEvent[];
  /** Snapshots stored but left out of this batch. */
  storedSnapshotIds: number[];
}

export interface BatcherOptions {
  /** Minimum time between two batches. */
  intervalMs?: number;
  /** Bytes of snapshots one batch may carry (the newest snapshot always goes). */
  snapshotBytesPerBatch?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const DEFAULT_INTERVAL_MS = 100;
export const DEFAULT_SNAPSHOT_BYTES_PER_BATCH = 1024 * 1024;

export class EventBatcher {
  private pending: DemoEvent[] = [];
  private lastEmit = -Infinity;
  private timer: unknown = undefined;
  private readonly interval: number;
  private readonly snapshotBudget: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly emit: (batch: Batch) => void, opts: BatcherOptions = {}) {
    this.interval = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.snapshotBudget = opts.snapshotBytesPerBatch ?? DEFAULT_SNAPSHOT_BYTES_PER_BATCH;
    this.now = opts.now ?? (() => performance.now());
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Queue an event; emits at once when the interval has passed, else arms a timer for the rest. */
  push(ev: DemoEvent): void {
    this.pending.push(ev);
    const wait = this.lastEmit + this.interval - this.now();
    if (wait <= 0) this.flush();
    else if (this.timer === undefined) {
      this.timer = this.setTimer(() => {
        this.timer = undefined;
        this.flush();
      }, wait);
    }
  }

  /** Emit whatever is pending now (used when the run ends, so the last events are never held back). */
  flush(): void {
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.emit(selectSnapshots(events, this.snapshotBudget));
    // Measured after the post, so the interval runs from one message to the next even when choosing the
    // snapshots of a batch took a while.
    this.lastEmit = this.now();
  }

  /** Drop pending events and the timer (the run was abandoned). */
  dispose(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}

/** Keeps the newest snapshots within the byte budget (at least one); lists the ids of the others. */
export function selectSnapshots(events: DemoEvent[], budget: number): Batch {
  let bytes = 0;
  let keptOne = false;
  const drop = new Set<DemoEvent>();
  for (let i = events.length - 1; i >= 0; i--) {
    const ev = events[i];
    if (ev.type !== 'snapshot') continue;
    const b = typedBytes(ev);
    if (keptOne && bytes + b > budget) drop.add(ev);
    else {
      bytes += b;
      keptOne = true;
    }
  }
  if (drop.size === 0) return { events, storedSnapshotIds: [] };
  const storedSnapshotIds: number[] = [];
  const kept: DemoEvent[] = [];
  for (const ev of events) {
    if (drop.has(ev) && ev.type === 'snapshot') storedSnapshotIds.push(ev.id);
    else kept.push(ev);
  }
  return { events: kept, storedSnapshotIds };
}
