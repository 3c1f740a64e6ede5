/**
 * What the host keeps of a run so the panel can be (re)filled: its show-run message, every events batch
 * and its end. A reopened or reloaded panel gets the run replayed; snapshots of runs that never went
 * through the worker (predict, analyze) are answered from here. Heavy snapshots past a byte budget are
 * left out of the replay (their ids are listed; the worker still has them). Pure.
 */
import type { DemoEvent, DemoName, SnapshotEvent } from '../shared/events';
import type { HostToWebview, RunEndMessage } from '../shared/protocol';
import { typedBytes } from '../shared/transfer';
import { newStatus, reduceStatus, type RunStatus } from './run-status';

export const DEFAULT_RECORD_BYTES = 64 * 1024 * 1024;

export class RunRecord {
  readonly batches: Array<{ events: DemoEvent[]; storedSnapshotIds?: number[] }> = [];
  status: RunStatus;
  end: RunEndMessage | undefined;
  private bytes = 0;
  eventCount = 0;

  constructor(
    readonly runId: number,
    readonly demo: DemoName,
    readonly title: string,
    /** Ran in the worker (its snapshots can be fetched there) or was answered in one piece (predict). */
    readonly inWorker: boolean,
    private readonly budget = DEFAULT_RECORD_BYTES,
  ) {
    this.status = newStatus(demo);
  }

  add(events: DemoEvent[], storedSnapshotIds?: number[]): void {
    let kept = events;
    let stored = storedSnapshotIds ?? [];
    for (const ev of events) this.status = reduceStatus(this.status, ev);
    this.eventCount += events.length;
    const b = typedBytes(events);
    if (this.bytes + b > this.budget && this.inWorker) {
      kept = events.filter((e) => e.type !== 'snapshot');
      stored = [...stored, ...events.flatMap((e) => (e.type === 'snapshot' ? [e.id] : []))];
      this.bytes += typedBytes(kept);
    } else this.bytes += b;
    this.batches.push({ events: kept, ...(stored.length ? { storedSnapshotIds: stored } : {}) });
  }

  finish(end: RunEndMessage): void {
    this.end = end;
    this.status = { ...this.status, state: end.status, ...(end.message ? { message: end.message } : {}) };
  }

  snapshot(id: number): SnapshotEvent | undefined {
    for (const b of this.batches) for (const e of b.events) if (e.type === 'snapshot' && e.id === id) return e;
    return undefined;
  }

  /** The messages that show this run from the start in a panel. */
  replay(): HostToWebview[] {
    const out: HostToWebview[] = [{ type: 'show-run', runId: this.runId, demo: this.demo, title: this.title }];
    for (const b of this.batches) out.push({ type: 'events', runId: this.runId, ...b });
    if (this.end) out.push({ type: 'run-end', runId: this.runId, status: this.end.status, ...(this.end.message ? { message: this.end.message } : {}) });
    return out;
  }
}
